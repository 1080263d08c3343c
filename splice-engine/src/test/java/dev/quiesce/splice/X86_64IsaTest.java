package dev.quiesce.splice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.payload.Errno;
import org.junit.jupiter.api.Test;

/** The x86-64 encoding of Xen's splice (xen/arch/x86/livepatch.c, asm/nops.h, asm/endbr.h). */
class X86_64IsaTest {

    private final X86_64Isa isa = X86_64Isa.INSTANCE;

    @Test
    void jump_isE9WithALittleEndianRel32FromTheNextInstruction() {
        assertThat(isa.jump(0x1000, 0x2000)).containsExactly(0xE9, 0xFB, 0x0F, 0x00, 0x00);
        assertThat(isa.jump(0x2000, 0x1000)).containsExactly(0xE9, 0xFB, 0xEF, 0xFF, 0xFF);
        assertThat(isa.jumpSize()).isEqualTo(5);
    }

    @Test
    void jump_reachesExactlyRel32_andBeyondIsEoverflow() {
        long at = 0x8000_0000L;
        assertThat(isa.jump(at, at + 5 + Integer.MAX_VALUE)).containsExactly(0xE9, 0xFF, 0xFF, 0xFF, 0x7F);
        assertThat(isa.jump(at, at + 5 + Integer.MIN_VALUE)).containsExactly(0xE9, 0x00, 0x00, 0x00, 0x80);
        assertThatThrownBy(() -> isa.jump(at, at + 6 + Integer.MAX_VALUE))
                .isInstanceOfSatisfying(SpliceException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW));
        assertThatThrownBy(() -> isa.jump(at, at + 4 + Integer.MIN_VALUE))
                .isInstanceOfSatisfying(SpliceException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW));
    }

    @Test
    void nop_usesIdealP6NopsOfAtMostNineBytes() {
        assertThat(isa.nop(0)).isEmpty();
        assertThat(isa.nop(1)).containsExactly(0x90);
        assertThat(isa.nop(5)).containsExactly(0x0F, 0x1F, 0x44, 0x00, 0x00);
        assertThat(isa.nop(11)).containsExactly(0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00, 0x66, 0x90);
        assertThat(isa.nop(31)).hasSize(31).startsWith(0x66, 0x0F, 0x1F, 0x84).endsWith(0x0F, 0x1F, 0x40, 0x00);
    }

    @Test
    void nop_longerThan31Bytes_isEopnotsupp() {
        assertThat(isa.maxNopSize()).isEqualTo(31);
        assertThatThrownBy(() -> isa.nop(32)).isInstanceOfSatisfying(SpliceException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
    }

    @Test
    void patchOffset_isFourAfterEndbr64OrItsPoison_elseZero() {
        assertThat(isa.patchOffset(new byte[] {(byte) 0xF3, 0x0F, 0x1E, (byte) 0xFA, 0x55})).isEqualTo(4);
        assertThat(isa.patchOffset(new byte[] {0x66, 0x0F, 0x1F, 0x01})).isEqualTo(4);
        assertThat(isa.patchOffset(new byte[] {0x55, 0x48, (byte) 0x89, (byte) 0xE5})).isZero();
        assertThat(isa.patchOffset(new byte[] {(byte) 0xF3, 0x0F, 0x1E})).isZero();
    }
}
