package dev.quiesce.seed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeedTest {

    @Test
    void theLargestUnsignedSeedIsAcceptedInBothForms() {
        assertThat(Seed.parseValue("18446744073709551615")).isEqualTo(-1L);
        assertThat(Seed.parseValue("0xffffffffffffffff")).isEqualTo(-1L);
        assertThat(Seed.format(-1L)).isEqualTo("0xffffffffffffffff");
    }

    @Test
    void seedIsPrintedWithoutLeadingZeros() {
        assertThat(Seed.format(0x5eed)).isEqualTo("0x5eed");
        assertThat(Seed.format(0)).isEqualTo("0x0");
        assertThat(Seed.parseValue(" 0x002A ")).isEqualTo(42);
    }

    @Test
    void seedsOutsideUnsigned64BitsOrWithSignsAreRejectedWithTheLegalForms() {
        for (String bad : new String[] {"18446744073709551616", "0x1ffffffffffffffff", "-1", "+1", "0x", "", "banana",
                "0x-1", "1_000", "٣"}) {
            assertThatThrownBy(() -> Seed.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not a number; a seed is " + Seed.FORM);
        }
    }
}
