package dev.quiesce.splice;

import dev.quiesce.isa.Arch;

/**
 * The instruction encoding a splice writes: the patch jump, the NOP fill and where in a function the patch goes
 * (Xen: {@code arch_livepatch_apply()} in xen/arch/x86/livepatch.c and xen/arch/arm/arm64/livepatch.c).
 * {@link X86_64Isa} and {@link Aarch64Isa} implement it; {@link #of(Arch)} picks one.
 */
public interface PatchIsa {

    /** The splice encoding of {@code arch}. */
    static PatchIsa of(Arch arch) {
        return switch (arch) {
            case X86_64 -> X86_64Isa.INSTANCE;
            case AARCH64 -> Aarch64Isa.INSTANCE;
        };
    }

    /** The architecture whose instructions this writes. */
    Arch arch();

    /** A short name, e.g. {@code x86-64}. */
    String name();

    /** The size of the patch jump in bytes ({@code ARCH_PATCH_INSN_SIZE}: 5 on x86-64, 4 on AArch64). */
    int jumpSize();

    /**
     * The jump placed at {@code at} that transfers control to {@code target}.
     *
     * @throws SpliceException {@code EOVERFLOW} when the target is out of the jump's range
     */
    byte[] jump(long at, long target);

    /**
     * Where the patch jump that {@code bytes} (at least {@link #jumpSize()} of them) hold at {@code at} goes, or -1
     * when they are not one: the inverse of {@link #jump}, as the oracles read a site.
     */
    long jumpTarget(long at, byte[] bytes);

    /**
     * {@code length} bytes of NOP instructions, as few as possible (Xen: {@code add_nops()}).
     *
     * @throws SpliceException {@code EOPNOTSUPP} when {@code length} exceeds {@link #maxNopSize()}
     */
    byte[] nop(int length);

    /**
     * Where in a function the patch goes, given its first bytes: 4 on x86-64 when it starts with ENDBR64
     * ({@code F3 0F 1E FA}) or its poison ({@code 66 0F 1F 01}), else 0; always 0 on AArch64.
     */
    int patchOffset(byte[] functionStart);

    /**
     * The largest NOP patch: {@code LIVEPATCH_OPAQUE_SIZE}, 31 bytes, on x86-64; the largest multiple of the
     * 4-byte instruction within it, 28, on AArch64.
     */
    int maxNopSize();
}
