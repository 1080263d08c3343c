package dev.quiesce.splice;

import dev.quiesce.isa.Arch;
import dev.quiesce.isa.X86;
import dev.quiesce.payload.Errno;

/**
 * The x86-64 splice: {@code E9 rel32} (5 bytes, ±2 GiB), P6 multi-byte NOPs of up to 9 bytes each, and the patch
 * at +4 after an ENDBR64 or its poison (Xen: {@code arch_livepatch_apply()} in xen/arch/x86/livepatch.c,
 * {@code add_nops()} and {@code ASM_NOP_MAX = 9} in xen/arch/x86/include/asm/nops.h, {@code is_endbr64()} and
 * {@code is_endbr64_poison()} in asm/endbr.h). The encodings themselves are {@link X86}'s.
 */
public final class X86_64Isa implements PatchIsa {

    /** The one instance. */
    public static final X86_64Isa INSTANCE = new X86_64Isa();

    /** {@code ARCH_PATCH_INSN_SIZE}: a {@code JMP rel32}. */
    public static final int JUMP_SIZE = X86.JMP_REL32_SIZE;

    private static final int OPAQUE_SIZE = 31;

    private X86_64Isa() {
    }

    @Override
    public Arch arch() {
        return Arch.X86_64;
    }

    @Override
    public String name() {
        return "x86-64";
    }

    @Override
    public int jumpSize() {
        return JUMP_SIZE;
    }

    @Override
    public byte[] jump(long at, long target) {
        if (!X86.reaches(at, target)) {
            throw new SpliceException(Errno.EOVERFLOW, ("a JMP at 0x%x cannot reach 0x%x (%d bytes away; rel32"
                    + " reaches ±2 GiB): load the payload within 2 GiB of the function it patches")
                    .formatted(at, target, target - (at + JUMP_SIZE)));
        }
        return X86.jmpRel32(at, target);
    }

    @Override
    public long jumpTarget(long at, byte[] bytes) {
        return bytes.length < JUMP_SIZE ? -1 : X86.jmpRel32Target(at, bytes);
    }

    @Override
    public byte[] nop(int length) {
        if (length < 0 || length > OPAQUE_SIZE) {
            throw new SpliceException(Errno.EOPNOTSUPP, ("a NOP patch of %d bytes is not possible: Xen NOPs 0..%d"
                    + " bytes (LIVEPATCH_OPAQUE_SIZE); patch fewer bytes").formatted(length, OPAQUE_SIZE));
        }
        return X86.nops(length);
    }

    @Override
    public int patchOffset(byte[] functionStart) {
        return X86.startsWithEndbr64(functionStart) ? X86.ENDBR64_SIZE : 0;
    }

    @Override
    public int maxNopSize() {
        return OPAQUE_SIZE;
    }

    @Override
    public String toString() {
        return name();
    }
}
