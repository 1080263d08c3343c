package dev.quiesce.emulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The runtime's strtod against two oracles: Java's {@link Double#parseDouble} (correctly rounded by its
 * specification) for the value, and glibc's strtod for the value, the end pointer and errno.
 */
class StrtodTest {

    private final RuntimeGuest guest = RuntimeGuest.shared();

    private long guestBits(String text) {
        return guest.ask(new Query("p_strtod", text, null, 0, 0)).ret();
    }

    /** Decimal renderings of a double: shortest, exact, rounded to random lengths, exponent forms. */
    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<Double> values = Arbitraries.oneOf(
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.longs().between(0, 0x000f_ffff_ffff_ffffL).map(Double::longBitsToDouble),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(12));
        Arbitrary<Integer> digits = Arbitraries.integers().between(1, 40);
        Arbitrary<Integer> form = Arbitraries.integers().between(0, 5);
        return Combinators.combine(values, digits, form).as((v, n, f) -> switch (f) {
            case 0 -> Double.toString(v);
            case 1 -> new BigDecimal(v).toString();                             // exact, up to 767 digits
            case 2 -> new BigDecimal(v).round(new java.math.MathContext(n)).toString();
            case 3 -> new BigDecimal(v).round(new java.math.MathContext(n)).toPlainString();
            case 4 -> midpoint(v);                                              // exactly halfway to the next double
            default -> new BigDecimal(v).round(new java.math.MathContext(n)).unscaledValue() + "e"
                    + -new BigDecimal(v).round(new java.math.MathContext(n)).scale();
        });
    }

    /** The decimal exactly halfway between v and the next double up (a round-to-even tie). */
    private static String midpoint(double v) {
        double next = Math.nextUp(v);
        if (!Double.isFinite(next)) {
            return Double.toString(v);
        }
        return new BigDecimal(v).add(new BigDecimal(next)).divide(BigDecimal.valueOf(2)).toString();
    }

    @Property(tries = 2000, seed = "23")
    void strtodIsCorrectlyRoundedAsDoubleParseDoubleIs(@ForAll("decimals") String text) {
        assertThat(Double.longBitsToDouble(guestBits(text))).as(text).isEqualTo(Double.parseDouble(text));
        assertThat(guestBits(text)).as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(30);
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(-400, 400).map(e -> "e" + e), Arbitraries.of("e", "E+", "e-", "e+5x"));
        Arbitrary<String> lead = Arbitraries.of("", " ", "\t\n ", "+", "-", " -", "+-");
        Arbitrary<String> tail = Arbitraries.of("", "x", ".", " 1", "e", "..5");
        return Combinators.combine(lead, digits, Arbitraries.of("", ".", "."), digits, exponent, tail)
                .as((l, a, p, b, e, t) -> l + a + p + b + e + t);
    }

    @Property(tries = 6, seed = "29")
    void strtodAgreesWithGlibcOnValueEndAndErrno(@ForAll @Size(400) List<@From("texts") String> texts) {
        List<Query> q = texts.stream().map(t -> new Query("p_strtod", t, null, 0, 0)).toList();
        List<Answer> expected = NativeOracle.get().answer(q);
        for (int i = 0; i < q.size(); i++) {
            assertThat(guest.ask(q.get(i))).as("strtod(\"%s\")", texts.get(i)).isEqualTo(expected.get(i));
        }
    }

    @Example
    void specialFormsHexFloatsAndRangeErrorsAgreeWithGlibc() {
        List<String> texts = new ArrayList<>(List.of("inf", "-Infinity", "INFx", "nan", "-nan", "nan(123)", "nan(",
                "0x1.8p3", "0X1P-1074", "0x1p-1075", "0x1.0000000000000801p0", "0x1.00000000000008p0", "0x.8",
                "0x", "0xg", "0x1p", "0x1p+", "0x1fffffffffffff.8p0", "0x1p1024", "-0x1.fffffffffffffp1023",
                "1e400", "-1e400", "1e-400", "2.4703282292062328e-324", "2.4703282292062327e-324",
                "4.9406564584124654e-324", "2.2250738585072011e-308", "1.7976931348623158e308",
                "1.7976931348623159e308", "0.0000", "-0", ".", "-.e5", "1.e5", ".5e-1", "  +.5",
                "9007199254740993", "9007199254740993.0000000000000000000000000001", "1" + "0".repeat(400),
                "0." + "0".repeat(400) + "1", "1" + "0".repeat(800) + "1e-801", "123456789012345678901234567890e-10"));
        List<Query> q = texts.stream().map(t -> new Query("p_strtod", t, null, 0, 0)).toList();
        List<Answer> expected = NativeOracle.get().answer(q);
        for (int i = 0; i < q.size(); i++) {
            Answer got = guest.ask(q.get(i));
            Answer want = expected.get(i);
            if (texts.get(i).toLowerCase().contains("nan")) {
                // the sign and payload of a NaN are unspecified (glibc keeps the sign, the runtime too): compare class
                assertThat(Double.isNaN(Double.longBitsToDouble(got.ret()))).as(texts.get(i)).isTrue();
                assertThat(got.out()).as(texts.get(i)).isEqualTo(want.out());
            } else {
                assertThat(got).as("strtod(\"%s\")", texts.get(i)).isEqualTo(want);
            }
        }
        assertThat(guest.stackHighWater()).as("stack bytes used").isLessThan(4096);
    }
}
