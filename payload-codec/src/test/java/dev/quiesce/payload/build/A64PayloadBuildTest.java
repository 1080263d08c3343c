package dev.quiesce.payload.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.elf.Elf;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.elf.Tools;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PatchFunction;
import dev.quiesce.payload.PayloadReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder on AArch64 objects compiled by Debian's cross compiler with the guest's flags: it finds exactly the
 * functions whose code changed, blanking only the immediate field each relocation writes (a changed opcode or
 * register in a relocated instruction counts, a changed immediate under a relocation does not), and writes an
 * AArch64 payload Xen's Arm64 loader reads.
 */
class A64PayloadBuildTest {

    /** The AArch64 guest's flags (guest/src/main/build-guest.sh; docs/aarch64.md). */
    static final String[] FLAGS = {"-O2", "-ffreestanding", "-nostdlib", "-fpie", "-mcmodel=small", "-ffunction-sections",
            "-fdata-sections", "-mgeneral-regs-only", "-fno-asynchronous-unwind-tables", "-fno-unwind-tables",
            "-mbranch-protection=none", "-fno-stack-protector"};

    private static final String PRELUDE = """
            #pragma GCC visibility push(hidden)
            extern long ext;
            extern int helper_a(int);
            extern int helper_b(int);
            static int limit(void) { return 41; }
            int uses_limit(int x) { return x + limit() * 3; }
            int calls(int x) { return helper_a(x) + 1; }
            long sum(long a) { return a + ext; }
            int untouched(int x) { return helper_b(x) * 2 + (int) ext; }
            """;

    @TempDir
    Path dir;

    @Test
    void changedConstant_replacesOnlyItsFunction() {
        BuildResult r = build(PRELUDE, PRELUDE.replace("return 41;", "return 42;"));

        assertThat(r.changedFunctions()).containsExactly("uses_limit");
    }

    @Test
    void changedCallee_replacesTheCallerOnly() {
        BuildResult r = build(PRELUDE, PRELUDE.replace("return helper_a(x) + 1;", "return helper_b(x) + 1;"));

        assertThat(r.changedFunctions()).containsExactly("calls");
    }

    @Test
    void changedOperation_isAChangeEvenBetweenTheSameRelocations() {
        BuildResult r = build(PRELUDE, PRELUDE.replace("return a + ext;", "return a - ext;"));

        assertThat(r.changedFunctions()).containsExactly("sum");
    }

    @Test
    void immediateUnderARelocation_isNotAChange() {
        // the same BL with the same CALL26, its imm26 bits differing: the loader overwrites them
        String base = PRELUDE + word("0x94000000");
        String patched = PRELUDE + word("0x94000123");

        assertThatThrownBy(() -> build(base, patched)).isInstanceOf(NoFunctionalChangeException.class);
    }

    @Test
    void opcodeBitsBesideARelocatedImmediate_areAChange() {
        // B and BL differ in bit 31 only, outside the imm26 field CALL26 writes
        BuildResult r = build(PRELUDE + word("0x94000000"), PRELUDE + word("0x14000000"));

        assertThat(r.changedFunctions()).containsExactly("raw");
    }

    @Test
    void registerBesideARelocatedImmediate_isAChange() {
        // ADD x2, x2, #:lo12:ext against ADD x3, x3, #:lo12:ext: Rd/Rn bits [9:0], outside imm12 bits [21:10]
        String base = PRELUDE + asm("add x2, x2, #:lo12:ext", "x2");
        String patched = PRELUDE + asm("add x3, x3, #:lo12:ext", "x3");

        BuildResult r = build(base, patched);

        assertThat(r.changedFunctions()).containsExactly("raw");
    }

    @Test
    void aFourByteFunction_isPatchableByOneB() {
        // a lone RET: one B covers it (Xen arm: old_size >= ARCH_PATCH_INSN_SIZE); x86 would need 5 bytes
        String base = PRELUDE + "void tiny(void) { }\n";
        String patched = PRELUDE + "void tiny(void) { __asm__ volatile(\"nop\"); }\n";

        BuildResult r = build(base, patched);

        assertThat(r.changedFunctions()).containsExactly("tiny");
        assertThat(PayloadReader.read(Arch.AARCH64, "tiny.livepatch", r.payload()).functions().getFirst().oldSize())
                .isEqualTo(Arch.AARCH64.patchJumpSize());
    }

    @Test
    void payload_isAnAarch64PayloadXenArmReads() throws IOException {
        BuildResult r = build(PRELUDE, PRELUDE.replace("return helper_a(x) + 1;", "return helper_b(x) + 7;"));

        Path file = Files.write(dir.resolve("calls.livepatch"), r.payload());
        Payload p = PayloadReader.read(Arch.AARCH64, "calls.livepatch", r.payload());
        assertThat(ElfFile.parse("calls.livepatch", r.payload()).machine()).isEqualTo(Elf.EM_AARCH64);
        assertThat(p.functions()).extracting(PatchFunction::oldName).containsExactly("calls");
        assertThat(Tools.run(dir, "readelf", "-rW", file.toString()))
                .contains("R_AARCH64_CALL26", "helper_b", "R_AARCH64_ABS64")
                .doesNotContain("R_X86_64");
    }

    @Test
    void literalPoolLoad_isRefusedNamingTheRelocationXenArmLacks() {
        // LDR (literal) of a symbol in another object: R_AARCH64_LD_PREL_LO19, which Xen's Arm64 loader does not apply
        String base = PRELUDE + asm("ldr x2, ext", "x2");
        String patched = PRELUDE + asm("ldr x3, ext", "x3");

        assertThatThrownBy(() -> build(base, patched)).isInstanceOf(UnpatchableChangeException.class)
                .hasMessageContaining("R_AARCH64_LD_PREL_LO19")
                .hasMessageContaining("Xen's Arm64 loader refuses");
    }

    @Test
    void objectsOfTwoMachines_areRefusedNamingEach() {
        List<ElfFile> arm = List.of(compile("base", "unit", PRELUDE));
        ElfFile x86 = ElfFile.parse("other.o", Tools.read(Tools.compile(dir.resolve("base"), "other", PRELUDE,
                TwoBuilds.FLAGS)));

        assertThatThrownBy(() -> PayloadBuilder.build(arm, List.of(arm.getFirst(), x86), TwoBuilds.OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other.o is x86-64 (e_machine 62)")
                .hasMessageContaining("unit.o is aarch64 (e_machine 183)")
                .hasMessageNotContaining("\n");
    }

    /** A function {@code raw} whose one instruction word is {@code word} with a CALL26 against {@code helper_a}. */
    private static String word(String word) {
        return """
                __attribute__((naked)) void raw(void) {
                    __asm__(".reloc ., R_AARCH64_CALL26, helper_a\\n\\t.inst %s\\n\\tret");
                }
                """.formatted(word);
    }

    /** A function {@code raw} running {@code insn} with {@code clobber} clobbered. */
    private static String asm(String insn, String clobber) {
        return """
                void raw(void) { __asm__ volatile("%s" ::: "%s"); }
                """.formatted(insn, clobber);
    }

    private BuildResult build(String base, String patched) {
        assertThat(patched).isNotEqualTo(base);
        return PayloadBuilder.build(List.of(compile("base", "unit", base)), List.of(compile("patched", "unit", patched)),
                TwoBuilds.OPTIONS);
    }

    private ElfFile compile(String which, String name, String source) {
        try {
            Path d = Files.createDirectories(dir.resolve(which));
            return ElfFile.parse(name + ".o", Tools.read(Tools.crossCompile("aarch64-linux-gnu-gcc", d, name, source, FLAGS)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
