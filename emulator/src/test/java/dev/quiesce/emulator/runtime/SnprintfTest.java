package dev.quiesce.emulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.Example;

/**
 * The runtime's snprintf against glibc's (the native oracle): the same format, argument and buffer size
 * give the same return value and the same bytes, for random conversion specifications of every
 * supported conversion, flag, width, precision and length modifier.
 */
class SnprintfTest {

    private final RuntimeGuest guest = RuntimeGuest.shared();

    private void assertSameAsGlibc(List<Query> queries) {
        List<Answer> expected = NativeOracle.get().answer(queries);
        for (int i = 0; i < queries.size(); i++) {
            Answer actual = guest.ask(queries.get(i));
            assertThat(actual).as("%s", queries.get(i)).isEqualTo(expected.get(i));
        }
    }

    private static Arbitrary<String> spec(String conversions, String lengths, int maxPrecision) {
        Arbitrary<String> flags = Arbitraries.of("-", "+", " ", "#", "0").list().ofMaxSize(3)
                .map(l -> String.join("", l));
        Arbitrary<String> width = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.integers().between(1, 30).map(String::valueOf));
        Arbitrary<String> precision = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("."),
                Arbitraries.integers().between(0, maxPrecision).map(p -> "." + p));
        Arbitrary<String> length = Arbitraries.of(lengths.split(",", -1));
        Arbitrary<Character> conversion = Arbitraries.of(conversions.chars().mapToObj(c -> (char) c).toList());
        Arbitrary<String> text = Arbitraries.of("", "x=", "[", "%%", "ab c");
        return Combinators.combine(text, flags, width, precision, length, conversion)
                .as((t, f, w, p, l, c) -> t + "%" + f + w + p + l + c + (t.isEmpty() ? "" : "]"));
    }

    private static Arbitrary<Long> size() {
        return Arbitraries.oneOf(Arbitraries.just(4096L), Arbitraries.longs().between(0, 24));
    }

    @Provide
    Arbitrary<Query> ints() {
        Arbitrary<Long> values = Arbitraries.oneOf(Arbitraries.integers().map(i -> (long) i),
                Arbitraries.of(0L, 1L, -1L, 127L, 128L, 255L, 256L, 32767L, 65535L, 65536L, (long) Integer.MIN_VALUE,
                        (long) Integer.MAX_VALUE));
        return Combinators.combine(spec("diouxXc", ",h,hh", 20), values, size())
                .as((f, v, n) -> new Query("p_snprintf_int", f, null, v, n));
    }

    @Provide
    Arbitrary<Query> longs() {
        Arbitrary<Long> values = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, -(1L << 32)));
        return Combinators.combine(spec("diouxX", "l,ll,z,j,t", 25), values, size())
                .as((f, v, n) -> new Query("p_snprintf_long", f, null, v, n));
    }

    @Provide
    Arbitrary<Query> doubles() {
        Arbitrary<Double> values = Arbitraries.oneOf(
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(9),
                Arbitraries.doubles().between(-1e-3, 1e-3).ofScale(20),
                Arbitraries.integers().between(-100000, 100000).map(i -> i / 8.0),
                Arbitraries.integers().between(-100000, 100000).map(i -> i / 1000.0),
                Arbitraries.of(0.0, -0.0, 0.5, 1.5, 2.5, 0.125, 0.375, 1e23, 9.5, 99.5, 999.5e-3, 5e-324, Double.MIN_NORMAL,
                        Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                        Double.longBitsToDouble(0xfff8000000000000L), 0.1, 1.0 / 3, 123456789012345678.0));
        return Combinators.combine(spec("feEgG", ",l,L", 40).filter(f -> !f.contains("L")), values, size())
                .as((f, v, n) -> new Query("p_snprintf_double", f, null, Double.doubleToRawLongBits(v), n));
    }

    @Provide
    Arbitrary<Query> strings() {
        Arbitrary<String> s = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20);
        return Combinators.combine(spec("s", "", 25), s, Arbitraries.of(0L, 0L, 0L, 1L), size())
                .as((f, v, nul, n) -> new Query("p_snprintf_str", f.replace("#", "").replace("+", "").replace(" %", "%"),
                        v, nul, n));
    }

    @Property(tries = 6, seed = "17")
    void integersFormatAsGlibcFormatsThem(@ForAll @Size(300) List<@From("ints") Query> cases) {
        assertSameAsGlibc(cases);
    }

    @Property(tries = 6, seed = "18")
    void longIntegersFormatAsGlibcFormatsThem(@ForAll @Size(300) List<@From("longs") Query> cases) {
        assertSameAsGlibc(cases);
    }

    @Property(tries = 8, seed = "19")
    void doublesFormatExactlyAsGlibcFormatsThem(@ForAll @Size(300) List<@From("doubles") Query> cases) {
        assertSameAsGlibc(cases);
    }

    @Property(tries = 4, seed = "20")
    void stringsFormatAsGlibcFormatsThem(@ForAll @Size(200) List<@From("strings") Query> cases) {
        assertSameAsGlibc(cases);
    }

    @Example
    void pointersStarsAndEdgeCasesFormatAsGlibcFormatsThem() {
        List<Query> q = new ArrayList<>();
        for (String f : List.of("%p", "%20p", "%-20p|", "%5p", "%-8p|")) {
            for (long v : new long[] {0, 1, 0xdeadbeefL, 0x7fff_ffff_ffffL}) {
                q.add(new Query("p_snprintf_ptr", f, null, v, 4096));
            }
        }
        byte[] pi = new byte[8];
        java.nio.ByteBuffer.wrap(pi).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(Math.PI);
        String piBytes = new String(pi, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String f : List.of("%*.*f", "%*.*e", "%*.*g", "%-*.*f|")) {
            for (int[] wp : new int[][] {{10, 3}, {-10, 3}, {0, -1}, {20, 15}, {3, 0}}) {
                q.add(new Query("p_snprintf_star", f, piBytes, wp[0], wp[1]));
            }
        }
        q.add(new Query("p_snprintf_str", "a%sb", null, 1, 4096));
        q.add(new Query("p_snprintf_str", "a%.3sb", null, 1, 4096));
        q.add(new Query("p_snprintf_str", "%s and %%", "x", 0, 4096));
        for (double d : new double[] {0.5, 1.5, 2.5, 0.05, 0.25}) {
            for (String f : List.of("%.0f", "%.0e", "%.1f", "%.1e", "%.0g", "%#.0f", "%#.0e", "%#.0g")) {
                q.add(new Query("p_snprintf_double", f, null, Double.doubleToRawLongBits(d), 4096));
            }
        }
        q.add(new Query("p_snprintf_double", "%.1000f", null, 1L, 4096));
        q.add(new Query("p_snprintf_double", "%.300e", null, Double.doubleToRawLongBits(Double.MAX_VALUE), 4096));
        q.add(new Query("p_snprintf_double", "%f", null, Double.doubleToRawLongBits(Double.MAX_VALUE), 4096));
        q.add(new Query("p_snprintf_double", "%#g|", null, Double.doubleToRawLongBits(1.0), 4096));
        assertSameAsGlibc(q);
        assertThat(guest.stackHighWater()).as("stack bytes used").isLessThan(4096);
    }

    @Example
    void anUnsupportedConversionIsCopiedAsWrittenAndItsArgumentConsumed() {
        assertThat(guest.ask(new Query("p_snprintf_double", "x%ay", null, Double.doubleToRawLongBits(1.0), 4096)))
                .isEqualTo(new Answer(4, "x%ay"));
        assertThat(guest.ask(new Query("p_snprintf_double", "%-8.2a|", null, Double.doubleToRawLongBits(1.0), 4096)))
                .isEqualTo(new Answer(7, "%-8.2a|"));
    }
}
