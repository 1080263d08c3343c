package dev.quiesce.payload;

import static dev.quiesce.payload.PayloadSamples.edit;
import static dev.quiesce.payload.PayloadSamples.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.ElfRelocation;
import dev.quiesce.elf.Tools;
import dev.quiesce.isa.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * AArch64 payloads built from aarch64-linux-gnu-gcc objects, read back under Xen's Arm64 upload rules
 * (xen/arch/arm/arm64/livepatch.c, xen/arch/arm/livepatch.c), and refused on a host of the other architecture.
 */
class Arm64PayloadTest {

    @Test
    void aPayloadBuiltFromAarch64ObjectsReadsBackOnAnAarch64Host() throws Exception {
        byte[] bytes = Arm64Samples.payload();
        Payload p = PayloadReader.read(Arch.AARCH64, "arm.livepatch", bytes);
        assertThat(p.arch()).isEqualTo(Arch.AARCH64);
        assertThat(p.elf().machine()).isEqualTo(Elf.EM_AARCH64);
        assertThat(p.functions()).extracting(PatchFunction::oldName).containsExactly("do_foo", "do_bar");
        assertThat(p.functions().get(0).newSymbol()).isEqualTo("new_foo");
        assertThat(p.functions().get(1).isNop()).isTrue();
        assertThat(p.hooks().get(HookKind.LOAD)).containsExactly("hook_a");
        assertThat(p.modinfo()).containsExactly("arm64=1");
        List<Integer> types = p.elf().relocationSections().stream().flatMap(r -> r.relocations().stream())
                .map(ElfRelocation::type).distinct().toList();
        assertThat(types).contains(Elf.R_AARCH64_CALL26, Elf.R_AARCH64_ADR_PREL_PG_HI21, Elf.R_AARCH64_ABS64)
                .allMatch(XenArm64Relocations::isApplied);

        Path file = PayloadSamples.dir().resolve("arm.livepatch");
        Files.write(file, bytes);
        String readelf = Tools.run(PayloadSamples.dir(), "aarch64-linux-gnu-readelf", "-h", "-r", "arm.livepatch");
        assertThat(readelf).contains("AArch64").contains("R_AARCH64_ABS64").contains("R_AARCH64_CALL26")
                .contains(".rela.livepatch.funcs");
    }

    @Test
    void anAarch64PayloadOfferedToAnX86HostIsRefusedNamingBothMachines() {
        assertRefused(() -> PayloadReader.read(Arch.X86_64, "arm.livepatch", Arm64Samples.payload()),
                Errno.EOPNOTSUPP, "for aarch64 (e_machine 183)", "this host is x86-64");
        assertRefused(() -> PayloadReader.read("arm.livepatch", Arm64Samples.payload()), Errno.EOPNOTSUPP,
                "aarch64 (e_machine 183)");
    }

    @Test
    void anX86PayloadOfferedToAnAarch64HostIsRefusedNamingBothMachines() {
        assertRefused(() -> PayloadReader.read(Arch.AARCH64, "x86.livepatch", PayloadSamples.payload()),
                Errno.EOPNOTSUPP, "for x86-64 (e_machine 62)", "this host is aarch64", "EM_AARCH64");
    }

    @Test
    void aPlaceNeedsFourBytesEvenForAnAbs16BecauseXenReadsAWordFirst() {
        byte[] tampered = edit(Arm64Samples.payload(), o -> {
            int data = o.addSection(".rodata.tail", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 1, 0, new byte[6]);
            o.addRelocation(data, 4, Elf.R_AARCH64_ABS16, o.findSymbol("new_foo").orElseThrow(), 0);
        });
        ElfFile elf = ElfFile.parse("t", tampered);
        assertThat(elf.relocationSections()).isNotEmpty();
        assertRefused(() -> PayloadReader.read(Arch.AARCH64, "t", tampered), Errno.EINVAL,
                "R_AARCH64_ABS16 at .rodata.tail+0x4", "needs 4 bytes at every place");
        byte[] fits = edit(Arm64Samples.payload(), o -> {
            int data = o.addSection(".rodata.tail", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 1, 0, new byte[6]);
            o.addRelocation(data, 2, Elf.R_AARCH64_ABS16, o.findSymbol("new_foo").orElseThrow(), 0);
        });
        assertThat(PayloadReader.read(Arch.AARCH64, "t", fits).arch()).isEqualTo(Arch.AARCH64);
    }

    @Test
    void anAbs64InTheLastFourBytesIsEinvalAndAnUnhandledTypeEopnotsupp() {
        byte[] abs64 = edit(Arm64Samples.payload(), o -> {
            int data = o.addSection(".data.tail", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, 1, 0, new byte[12]);
            o.addRelocation(data, 4, Elf.R_AARCH64_ABS64, o.findSymbol("new_foo").orElseThrow(), 0);
        });
        byte[] shrunk = Raw.field(abs64, ".data.tail", Raw.SH_SIZE, 8, 10);
        assertRefused(() -> PayloadReader.read(Arch.AARCH64, "t", shrunk), Errno.EINVAL, "R_AARCH64_ABS64");
        byte[] got = edit(Arm64Samples.payload(), o -> o.addRelocation(section(o, ".text.new_foo"), 0,
                Elf.R_AARCH64_ADR_GOT_PAGE, o.findSymbol("new_foo").orElseThrow(), 0));
        assertRefused(() -> PayloadReader.read(Arch.AARCH64, "t", got), Errno.EOPNOTSUPP,
                "R_AARCH64_ADR_GOT_PAGE", "Unhandled relocation");
    }

    @Test
    void functionSizesFollowArmsVerifyFunc() {
        assertRefused(() -> read(new FunctionSpec("do_bar", 0, 16, null, 6, null)), Errno.EOPNOTSUPP,
                "NOPs 6 bytes", "whole 4-byte instructions");
        assertRefused(() -> read(new FunctionSpec("do_bar", 0, 32, null, 32, null)), Errno.EOPNOTSUPP,
                "NOPs 32 bytes");
        assertRefused(() -> read(new FunctionSpec("do_foo", 0, 3, "new_foo", 16, null)), Errno.EINVAL,
                "old_size 3");
        // Arm does not compare a NOP's new_size with old_size, unlike x86 (-EINVAL there).
        assertThat(read(new FunctionSpec("do_bar", 0, 4, null, 28, null)).functions()).hasSize(1);
        byte[] x86 = PayloadWriter.write(new PayloadSpec(PayloadSamples.body(),
                List.of(new FunctionSpec("do_bar", 0, 4, null, 28, null)), PayloadSamples.IMAGE,
                Optional.of(PayloadSamples.XEN), Map.of(), List.of()));
        assertRefused(() -> PayloadReader.read("p", x86), Errno.EINVAL, "NOP at most old_size");
    }

    @Test
    void armHasNoExceptionTableOrAlternativeCalls() {
        for (String name : new String[] {".ex_table", ".alt_call_sites"}) {
            byte[] b = edit(Arm64Samples.payload(), o -> o.addSection(name, Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 4, 0,
                    new byte[8]));
            assertRefused(() -> PayloadReader.read(Arch.AARCH64, "t", b), Errno.EOPNOTSUPP, name,
                    "Xen on Arm64 does not support");
        }
        byte[] frames = edit(Arm64Samples.payload(), o -> o.addSection(".bug_frames.0", Elf.SHT_PROGBITS,
                Elf.SHF_ALLOC, 4, 0, new byte[8]));
        assertRefused(() -> PayloadReader.read(Arch.AARCH64, "t", frames), Errno.EINVAL, "multiple of its 16-byte");
    }

    @Test
    void theDistanceIsXensOldMinusNewWithin128MiB() {
        Payload p = PayloadReader.read(Arch.AARCH64, "arm", Arm64Samples.payload());
        long old = 0x4000_0000L;
        OldFunctionLookup image = name -> Optional.of(new OldFunction(name.equals("do_foo") ? old : old + 0x100,
                64, new byte[4]));
        PayloadValidator.checkAgainst(p, image, i -> old - PayloadValidator.ARM64_RANGE + 4);
        PayloadValidator.checkAgainst(p, image, i -> old + PayloadValidator.ARM64_RANGE);
        assertRefused(() -> {
            PayloadValidator.checkAgainst(p, image, i -> old - PayloadValidator.ARM64_RANGE);
            return null;
        }, Errno.EOVERFLOW, "-0x8000000 bytes", "±128 MiB a B imm26 reaches");
        assertRefused(() -> {
            PayloadValidator.checkAgainst(p, image, i -> old + PayloadValidator.ARM64_RANGE + 4);
            return null;
        }, Errno.EOVERFLOW, "0x8000004 bytes");
    }

    @Test
    void armMappingSymbolsAreLeftOutOfTheSymbolTableOnlyOnAarch64() {
        List<String> names = Arm64Samples.body().symbols().stream().map(s -> s.name()).toList();
        assertThat(names).as("gcc marks A64 code and data").contains("$x").contains("$d");
        for (String skipped : new String[] {"$x", "$d", "$x.1", "$d.rodata"}) {
            assertThat(ArmMappingSymbols.skipped(Arch.AARCH64, skipped)).as(skipped).isTrue();
            assertThat(ArmMappingSymbols.skipped(Arch.X86_64, skipped)).as(skipped).isFalse();
        }
        for (String kept : new String[] {"$", "$a", "$t", "$xy", "x", "new_foo", "$x_"}) {
            assertThat(ArmMappingSymbols.skipped(Arch.AARCH64, kept)).as(kept).isFalse();
        }
    }

    private static Payload read(FunctionSpec f) {
        return PayloadReader.read(Arch.AARCH64, "p", PayloadWriter.write(Arm64Samples.spec(List.of(f))));
    }

    private static void assertRefused(Supplier<?> read, Errno errno, String... sentences) {
        assertThatThrownBy(read::get).isInstanceOfSatisfying(PayloadException.class, e -> {
            assertThat(e.errno()).as(e.toString()).isEqualTo(errno);
            assertThat(e.getMessage()).contains(sentences).doesNotContain("\n");
        });
    }
}
