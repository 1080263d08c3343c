package dev.quiesce.splice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.Expectation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AArch64 encoding of Xen's splice (xen/arch/arm/arm64/livepatch.c, xen/arch/arm/livepatch.c). */
class Aarch64IsaTest {

    private final PatchIsa isa = PatchIsa.of(Arch.AARCH64);

    @Test
    void theArchPicksItsSplice() {
        assertThat(isa).isSameAs(Aarch64Isa.INSTANCE);
        assertThat(PatchIsa.of(Arch.X86_64)).isSameAs(X86_64Isa.INSTANCE);
        assertThat(isa.arch()).isEqualTo(Arch.AARCH64);
        assertThat(isa.jumpSize()).isEqualTo(Arch.AARCH64.patchJumpSize()).isEqualTo(4);
    }

    @Test
    void jumpIsOneLittleEndianBImm26FromTheFunctionItself() {
        assertThat(isa.jump(0x1000, 0x2000)).containsExactly(0x00, 0x04, 0x00, 0x14);
        assertThat(isa.jump(0x2000, 0x1000)).containsExactly(0x00, 0xfc, 0xff, 0x17);
        assertThat(A64.branchTarget(0x4000_0000L, A64.word(isa.jump(0x4000_0000L, 0x4000_0000L - A64.RANGE), 0)))
                .isEqualTo(0x4000_0000L - A64.RANGE);
    }

    @Test
    void aTargetBeyond128MiBIsEoverflowNamingTheDistance() {
        long at = 0x4000_0000L;
        assertThat(isa.jump(at, at + A64.RANGE - 4)).hasSize(4);
        assertThatThrownBy(() -> isa.jump(at, at + A64.RANGE)).isInstanceOfSatisfying(SpliceException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW);
            assertThat(e.getMessage()).contains("0x8000000 bytes").contains("within 128 MiB");
        });
        assertThatThrownBy(() -> isa.jump(at, at - A64.RANGE - 4)).isInstanceOfSatisfying(SpliceException.class,
                e -> assertThat(e.getMessage()).contains("-0x8000004 bytes"));
        assertThatThrownBy(() -> isa.jump(at, at + 0x102)).isInstanceOfSatisfying(SpliceException.class,
                e -> assertThat(e.getMessage()).contains("4-byte aligned"));
    }

    @Test
    void nopPatchesAreWholeNopsUpTo28BytesAndNothingElse() {
        assertThat(isa.nop(0)).isEmpty();
        assertThat(isa.nop(8)).isEqualTo(A64.nops(2));
        assertThat(isa.maxNopSize()).isEqualTo(28);
        assertThat(isa.nop(28)).isEqualTo(A64.nops(7));
        for (int bad : new int[] {2, 6, 31, 32}) {
            assertThatThrownBy(() -> isa.nop(bad)).as("%d bytes", bad).isInstanceOfSatisfying(SpliceException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
        }
    }

    @Test
    void nothingIsSkippedAtAFunctionsStartNotEvenABtiLandingPad() {
        int btiC = 0xd503245f;
        assertThat(isa.patchOffset(A64.bytes(btiC))).isZero();
        assertThat(isa.patchOffset(A64.bytes(A64.NOP))).isZero();
    }

    @Test
    void theEngineWritesTheBAndItsUndoRestoresTheOldWord() {
        GuestMemory memory = GuestMemory.allocate(0x10_0000, 0x1_0000);
        long oldFn = 0x10_1000;
        long newFn = 0x10_8000;
        byte[] original = A64.bytes(0xa9bf7bfd); // stp x29, x30, [sp, #-16]!
        memory.writeCode(oldFn, original);
        SpliceEngine engine = new SpliceEngine(memory, isa);
        engine.apply("p", List.of(new PatchSite("f", oldFn, 16, newFn, 8, Expectation.none())),
                Granularity.WHOLE_SITE, StoreListener.NONE);
        int written = A64.word(memory.read(oldFn, 4), 0);
        assertThat(A64.branchTarget(oldFn, written)).isEqualTo(newFn);
        assertThat(A64.concurrentModificationAllowed(A64.word(original, 0), written)).isFalse();
        assertThat(engine.saved("p").getFirst().undo()).isEqualTo(original);
        engine.revert("p", Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(memory.read(oldFn, 4)).isEqualTo(original);
        assertThatThrownBy(() -> engine.plan("q", List.of(new PatchSite("f", oldFn, 16, newFn, 8,
                Expectation.none())), Granularity.INT3)).isInstanceOfSatisfying(SpliceException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
    }
}
