package dev.quiesce.isa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encodings of {@link A64} against GNU as for AArch64 (binutils), the independent oracle. */
class A64GnuAsTest {

    @TempDir
    Path dir;

    @Test
    void branchesMatchGnuAsForwardBackwardAndAtBothEdges() throws Exception {
        assertThat(A64.b(0, 0x1234)).isEqualTo(GnuAs64.one(dir, "b .+0x1234"));
        assertThat(A64.b(0x40_0000, 0x40_0000 - 0x1000)).isEqualTo(GnuAs64.one(dir, "b .-0x1000"));
        assertThat(A64.b(0, A64.RANGE - 4)).isEqualTo(GnuAs64.one(dir, "b .+0x7fffffc"));
        assertThat(A64.b(A64.RANGE, 0)).isEqualTo(GnuAs64.one(dir, "b .-0x8000000"));
        assertThat(A64.bl(0x1000, 0x1008)).isEqualTo(GnuAs64.one(dir, "bl .+8"));
        assertThat(A64.b(0, 0)).isEqualTo(GnuAs64.one(dir, "b ."));
    }

    @Test
    void branchesDecodeToTheirTargetAndRefuseWhatTheyCannotReach() {
        long at = 0xffff_0000_1000_0000L;
        for (long target : new long[] {at, at + 4, at - A64.RANGE, at + A64.RANGE - 4}) {
            assertThat(A64.branchTarget(at, A64.b(at, target))).isEqualTo(target);
            assertThat(A64.branchTarget(at, A64.bl(at, target))).isEqualTo(target);
        }
        assertThat(A64.reaches(0, A64.RANGE)).isFalse();
        assertThat(A64.reaches(A64.RANGE + 4, 0)).isFalse();
        assertThat(A64.reaches(0, 6)).isFalse();
        assertThat(A64.reaches(2, 6)).isFalse();
        assertThatThrownBy(() -> A64.b(0, A64.RANGE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x8000000 bytes").hasMessageContaining("[-128 MiB, +128 MiB)");
        assertThatThrownBy(() -> A64.b(0, 6)).hasMessageContaining("4-byte aligned");
        assertThatThrownBy(() -> A64.branchTarget(0, A64.NOP)).hasMessageContaining("not a B or BL");
    }

    @Test
    void hintsBarriersAndExceptionGeneratorsAreWhatGnuAsEncodes() throws Exception {
        assertThat(A64.NOP).isEqualTo(GnuAs64.one(dir, "nop"));
        assertThat(A64.ISB).isEqualTo(GnuAs64.one(dir, "isb"));
        assertThat(A64.DSB_ISH).isEqualTo(GnuAs64.one(dir, "dsb ish"));
        assertThat(A64.YIELD).isEqualTo(GnuAs64.one(dir, "yield"));
        assertThat(A64.brk(0)).isEqualTo(GnuAs64.one(dir, "brk #0"));
        assertThat(A64.brk(0xffff)).isEqualTo(GnuAs64.one(dir, "brk #0xffff"));
        assertThat(A64.brk(2)).as("Xen's AARCH64_BREAK_FAULT").isEqualTo(0xd4200040);
        assertThat(A64.nops(3)).isEqualTo(GnuAs64.assemble(dir, "nop\nnop\nnop"));
        assertThatThrownBy(() -> A64.brk(0x10000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDispatchInstructionsAreWhatGnuAsEncodes() throws Exception {
        assertThat(A64.mrsTpidrEl1(16)).isEqualTo(GnuAs64.one(dir, "mrs x16, tpidr_el1"));
        assertThat(A64.ldrb(17, 16, 232)).isEqualTo(GnuAs64.one(dir, "ldrb w17, [x16, #232]"));
        assertThat(A64.ldrb(0, 1, 4095)).isEqualTo(GnuAs64.one(dir, "ldrb w0, [x1, #4095]"));
        assertThat(A64.cmpW(17, 255)).isEqualTo(GnuAs64.one(dir, "cmp w17, #255"));
        assertThat(A64.bCond(A64.COND_NE, 0, 8)).isEqualTo(GnuAs64.one(dir, "b.ne .+8"));
        assertThat(A64.bCond(A64.COND_NE, 0x1000, 0x1000 - (1 << 20))).isEqualTo(0x54800001);
        assertThatThrownBy(() -> A64.bCond(A64.COND_NE, 0, 1 << 20)).hasMessageContaining("±1 MiB");
        assertThatThrownBy(() -> A64.ldrb(0, 0, 4096)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyBranchesHintsAndExceptionGeneratorsMayBeModifiedWhileExecuted() throws Exception {
        String[] allowed = {"b .+64", "bl .-64", "brk #7", "hvc #1", "isb", "nop", "smc #0", "svc #0x80"};
        A64.Kind[] kinds = {A64.Kind.B, A64.Kind.BL, A64.Kind.BRK, A64.Kind.HVC, A64.Kind.ISB, A64.Kind.NOP,
            A64.Kind.SMC, A64.Kind.SVC};
        String[] other = {"b.eq .+8", "cbz x0, .+8", "br x17", "ret", "isb #1", "dsb ish", "yield",
            "hint #34", "stp x29, x30, [sp, #-16]!", "mov x0, #0", "hlt #0", "udf #0"};
        for (int i = 0; i < allowed.length; i++) {
            int insn = GnuAs64.one(dir, allowed[i]);
            assertThat(A64.kind(insn)).as(allowed[i]).isEqualTo(kinds[i]);
            assertThat(A64.concurrentModificationAllowed(A64.NOP, insn)).as("NOP -> %s", allowed[i]).isTrue();
            assertThat(A64.concurrentModificationAllowed(insn, A64.b(0, 0x100))).as("%s -> B", allowed[i]).isTrue();
        }
        for (String o : other) {
            int insn = GnuAs64.one(dir, o);
            assertThat(A64.kind(insn)).as(o).isEqualTo(A64.Kind.OTHER);
            assertThat(A64.concurrentModificationAllowed(insn, A64.NOP)).as("%s -> NOP", o).isFalse();
            assertThat(A64.concurrentModificationAllowed(A64.b(0, 8), insn)).as("B -> %s", o).isFalse();
        }
    }
}
