package dev.quiesce.seed;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.math.BigInteger;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class SeedProperties {

    @Property
    void printedSeedParsesBackToTheSameBits(@ForAll long bits) {
        assertThat(Seed.parse(Seed.format(bits)).value()).isEqualTo(bits);
    }

    @Property
    void decimalAndHexOfTheSameUnsignedNumberAgree(@ForAll long bits) {
        String decimal = Long.toUnsignedString(bits);
        String hex = "0X" + Long.toHexString(bits).toUpperCase(Locale.ROOT);
        assertThat(Seed.parse(decimal)).isEqualTo(Seed.parse(hex)).isEqualTo(new Seed(bits));
    }

    @Property
    void printedFormIsLowerCaseHexOfTheUnsignedValue(@ForAll long bits) {
        BigInteger unsigned = new BigInteger(Long.toUnsignedString(bits));
        assertThat(new Seed(bits).toString()).isEqualTo("0x" + unsigned.toString(16));
    }
}
