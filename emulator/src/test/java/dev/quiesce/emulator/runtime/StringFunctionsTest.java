package dev.quiesce.emulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The runtime's string.h, ctype.h and strtol family against glibc (the native oracle), on random inputs
 * over small alphabets so that matches, prefixes and case-insensitive equalities are common.
 */
class StringFunctionsTest {

    /** Ops of {@code p_str} in probe.c: 0 strlen … 24 stpcpy+memmove; 22 is memrchr. */
    private static final int STRING_OPS = 25;

    private final RuntimeGuest guest = RuntimeGuest.shared();

    private void assertSameAsGlibc(List<Query> queries) {
        List<Answer> expected = NativeOracle.get().answer(queries);
        for (int i = 0; i < queries.size(); i++) {
            assertThat(guest.ask(queries.get(i))).as("%s", queries.get(i)).isEqualTo(expected.get(i));
        }
    }

    @Provide
    Arbitrary<Query> stringCalls() {
        Arbitrary<String> text = Arbitraries.strings().withChars("abAB ,;\u00e9\u00ff").ofMaxLength(24);
        Arbitrary<String> needle = Arbitraries.strings().withChars("abAB ,;\u00e9").ofMinLength(1).ofMaxLength(4);
        return Combinators.combine(text, needle, Arbitraries.integers().between(0, STRING_OPS - 1),
                        Arbitraries.longs().between(0, 8))
                .as((a, b, op, n) -> {
                    long len = op == 16 || op == 22 || op == 18 ? Math.min(n, Math.min(a.length(), b.length()) + 1L) : n;
                    return new Query("p_str", a, b, op, len);
                });
    }

    @Property(tries = 10, seed = "31")
    void stringFunctionsAgreeWithGlibc(@ForAll @Size(400) List<@From("stringCalls") Query> calls) {
        assertSameAsGlibc(calls);
    }

    @Provide
    Arbitrary<Query> integerTexts() {
        Arbitrary<String> lead = Arbitraries.of("", " ", "\t\n", "+", "-", " -", "--", "+ ");
        Arbitrary<String> prefix = Arbitraries.of("", "", "0", "0x", "0X", "0x0", "00");
        Arbitrary<String> body = Arbitraries.strings().withChars("0123456789abcdefxyzXZ").ofMaxLength(25);
        Arbitrary<String> special = Arbitraries.of("9223372036854775807", "9223372036854775808", "-9223372036854775808",
                "-9223372036854775809", "18446744073709551615", "18446744073709551616", "2147483648", "-2147483649",
                "0x7fffffffffffffff", "0xffffffffffffffff", "0x10000000000000000", "zzzzzzzzzzzzzz", "0x", "0xg");
        Arbitrary<String> text = Arbitraries.oneOf(Combinators.combine(lead, prefix, body).as((l, p, b) -> l + p + b),
                Combinators.combine(lead, special).as((l, s) -> l + s));
        Arbitrary<Long> base = Arbitraries.of(0L, 0L, 10L, 16L, 16L, 8L, 2L, 36L, 7L, 1L, 37L);
        return Combinators.combine(text, base, Arbitraries.longs().between(0, 4))
                .as((t, b, which) -> new Query("p_strtol", t, null, which == 4 ? 10 : b, which));
    }

    @Property(tries = 8, seed = "37")
    void strtolFamilyAgreesWithGlibcOnValueEndAndErrno(@ForAll @Size(400) List<@From("integerTexts") Query> calls) {
        assertSameAsGlibc(calls);
    }

    @Example
    void everyByteIsClassifiedAsGlibcClassifiesItInTheCLocale() {
        List<Query> q = new ArrayList<>();
        for (int c = -1; c < 256; c++) {
            q.add(new Query("p_ctype", null, null, c, 0));
        }
        assertSameAsGlibc(q);
    }
}
