package dev.quiesce.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfSymbol;
import dev.quiesce.elf.Tools;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link PayloadValidator}: the image-dependent checks, one test per check with Xen's errno and the sentence. */
class PayloadValidatorTest {

    private static final long OLD = 0x10_0000L;
    private static final byte[] PLAIN = {0x55, 0x48, (byte) 0x89, (byte) 0xe5};
    private static final byte[] POISON = {0x66, 0x0f, 0x1f, 0x01};

    @Test
    void checkAgainst_rejectsAJmpOnAThreeByteFunction() {
        Payload p = payload(FunctionSpec.jump("do_foo", 3, "new_foo", 16));
        assertFails(p, image("do_foo", OLD, 3, PLAIN), Errno.EINVAL,
                "function 'do_foo' is 3 bytes; a JMP needs 5 — patch a larger function or use NOP patching");
        assertPasses(payload(FunctionSpec.jump("do_foo", 5, "new_foo", 16)), image("do_foo", OLD, 5, PLAIN));
    }

    @Test
    void checkAgainst_needsNineBytesForAFunctionThatStartsWithTheEndbr64GccEmits() {
        byte[] endbr = firstBytesOfCetFunction();
        assertThat(endbr).startsWith(0xf3, 0x0f, 0x1e, 0xfa);
        assertFails(payload(FunctionSpec.jump("do_foo", 8, "new_foo", 16)), image("do_foo", OLD, 8, endbr), Errno.EINVAL,
                "function 'do_foo' is 8 bytes; a JMP needs 9 after its ENDBR64 — patch a larger function or use NOP patching");
        assertPasses(payload(FunctionSpec.jump("do_foo", 9, "new_foo", 16)), image("do_foo", OLD, 9, endbr));
    }

    @Test
    void checkAgainst_treatsTheEndbr64PoisonLikeEndbr64() {
        assertFails(payload(FunctionSpec.jump("do_foo", 8, "new_foo", 16)), image("do_foo", OLD, 8, POISON), Errno.EINVAL,
                "a JMP needs 9 after its ENDBR64");
    }

    @Test
    void checkAgainst_readsTheFirstBytesAtAPrelinkedOldAddress() {
        Payload p = payload(new FunctionSpec(null, 0x2000, 8, "new_foo", 16, null));
        OldFunctionLookup lookup = new OldFunctionLookup() {
            @Override
            public Optional<OldFunction> lookup(String name) {
                return Optional.empty();
            }

            @Override
            public Optional<OldFunction> at(long address) {
                return address == 0x2000 ? Optional.of(new OldFunction(0x2000, 8, POISON)) : Optional.empty();
            }
        };
        assertThatThrownBy(() -> PayloadValidator.checkAgainst(p, lookup, null)).isInstanceOfSatisfying(PayloadException.class,
                e -> assertThat(e).hasToString("-EINVAL: function '0x2000' is 8 bytes; a JMP needs 9 after its ENDBR64 — patch a larger function or use NOP patching"));
    }

    @Test
    void checkAgainst_rejectsANameNeitherTheImageNorAPayloadDefines() {
        assertFails(payload(FunctionSpec.jump("do_foo", 16, "new_foo", 16)), image("other", OLD, 16, PLAIN), Errno.ENOENT,
                "could not resolve old address of 'do_foo'");
    }

    @Test
    void checkAgainst_resolvesARelocatedOldAddressThroughItsSymbol() {
        Payload hello = PayloadReader.read("hello", PayloadSamples.helloPayload());
        assertPasses(hello, image("xen_extra_version", OLD, 24, PLAIN));
        assertFails(hello, image("other", OLD, 24, PLAIN), Errno.ENOENT,
                "could not resolve old address of 'xen_extra_version': old_addr refers to symbol 'xen_extra_version'");
    }

    @Test
    void checkAgainst_rejectsNewCodeMoreThan2GibFromTheOld() {
        Payload p = payload(FunctionSpec.jump("do_foo", 16, "new_foo", 16));
        OldFunctionLookup lookup = image("do_foo", OLD, 16, PLAIN);
        long range = 1L << 31;
        assertThatCode(() -> PayloadValidator.checkAgainst(p, lookup, i -> OLD + range)).doesNotThrowAnyException();
        assertThatCode(() -> PayloadValidator.checkAgainst(p, lookup, i -> OLD - range + 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> PayloadValidator.checkAgainst(p, lookup, i -> OLD - range))
                .isInstanceOfSatisfying(PayloadException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW);
                    assertThat(e.getMessage()).isEqualTo("function 'do_foo': the new code at 0xffffffff80100000 is 0x80000000 bytes"
                            + " from the old at 0x100000, beyond the ±2 GiB a JMP rel32 reaches — load the payload within 2 GiB of the image's text");
                });
        assertThatThrownBy(() -> PayloadValidator.checkAgainst(p, lookup, i -> OLD + range + 0x1000))
                .isInstanceOfSatisfying(PayloadException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW));
    }

    @Test
    void checkAgainst_skipsTheJmpAndDistanceChecksForNops() {
        Payload p = payload(new FunctionSpec("do_bar", 0, 3, null, 3, null));
        assertThatCode(() -> PayloadValidator.checkAgainst(p, image("do_bar", OLD, 3, PLAIN), i -> Long.MAX_VALUE))
                .doesNotThrowAnyException();
    }

    @Test
    void checkAgainst_checksFunctionsInOrder_andPassesIndicesToNewAddressOf() {
        Payload p = payload(FunctionSpec.jump("do_foo", 16, "new_foo", 16), FunctionSpec.jump("missing", 16, "new_foo", 16));
        List<Long> asked = new java.util.ArrayList<>();
        LongUnaryOperator newAddress = i -> {
            asked.add(i);
            return OLD + 0x1000;
        };
        assertFails(p, image("do_foo", OLD, 16, PLAIN), Errno.ENOENT, "'missing'");
        assertThatThrownBy(() -> PayloadValidator.checkAgainst(p, image("do_foo", OLD, 16, PLAIN), newAddress));
        assertThat(asked).containsExactly(0L);
    }

    private static Payload payload(FunctionSpec... functions) {
        return PayloadReader.read("p", PayloadWriter.write(PayloadSpec.of(PayloadSamples.body(), List.of(functions),
                PayloadSamples.IMAGE, Optional.of(PayloadSamples.XEN))));
    }

    private static OldFunctionLookup image(String name, long address, long size, byte[] first) {
        Map<String, OldFunction> functions = Map.of(name, new OldFunction(address, size, first));
        return n -> Optional.ofNullable(functions.get(n));
    }

    private static void assertFails(Payload p, OldFunctionLookup lookup, Errno errno, String sentence) {
        assertThatThrownBy(() -> PayloadValidator.checkAgainst(p, lookup, i -> OLD + 0x1000))
                .isInstanceOfSatisfying(PayloadException.class, e -> {
                    assertThat(e.errno()).as(e.toString()).isEqualTo(errno);
                    assertThat(e.getMessage()).contains(sentence);
                });
    }

    private static void assertPasses(Payload p, OldFunctionLookup lookup) {
        assertThatCode(() -> PayloadValidator.checkAgainst(p, lookup, i -> OLD + 0x1000)).doesNotThrowAnyException();
    }

    /** The first 4 bytes of a function gcc compiled with {@code -fcf-protection=full}. */
    private static byte[] firstBytesOfCetFunction() {
        ElfFile o = ElfFile.parse("cet.o", Tools.read(Tools.compile(PayloadSamples.dir(), "cet",
                "int f(int x) { return x + 1; }\n", "-O2", "-fcf-protection=full", "-ffunction-sections")));
        ElfSymbol f = o.symbols().stream().filter(s -> s.name().equals("f")).findFirst().orElseThrow();
        return Arrays.copyOfRange(o.section(f.sectionIndex()).data(), (int) f.value(), (int) f.value() + 4);
    }
}
