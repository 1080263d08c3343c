package dev.quiesce.splice;

import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.Errno;

/**
 * The AArch64 splice as Xen's Arm64 live patching writes it (Xen: {@code arch_livepatch_apply()} in
 * xen/arch/arm/arm64/livepatch.c, {@code arch_livepatch_verify_func()} in xen/arch/arm/livepatch.c,
 * {@code livepatch_insn_len()} and {@code livepatch_verify_distance()} in xen/include/xen/livepatch.h, read at
 * commit {@code c447b7308b}): the jump is one {@code B imm26} (4 bytes, ±128 MiB) at the function's first byte —
 * Xen on Arm never sets {@code patch_offset}, so nothing is skipped, not even a BTI landing pad — and a NOP patch
 * is {@code new_size / 4} {@code NOP}s, {@code new_size} a multiple of 4 of at most 31 bytes
 * ({@code LIVEPATCH_OPAQUE_SIZE}). The encodings are {@link A64}'s.
 *
 * <p>A target out of {@code B}'s reach is {@code EOVERFLOW}, the errno of Xen's load check. Xen's own check
 * ({@code old - new} in [-128 MiB, 128 MiB)) is off by one word from what {@code B} encodes
 * ({@code new - old} in [-128 MiB, 128 MiB)): a function 128 MiB below its replacement passes the load check,
 * after which {@code aarch64_insn_gen_branch_imm()} returns {@code AARCH64_BREAK_FAULT} and Xen either trips its
 * {@code ASSERT} (debug builds) or writes {@code BRK #2} over the function (release builds). The splice refuses
 * that case here instead of writing the fault instruction.
 */
public final class Aarch64Isa implements PatchIsa {

    /** The one instance. */
    public static final Aarch64Isa INSTANCE = new Aarch64Isa();

    /** {@code ARCH_PATCH_INSN_SIZE} on Arm: one A64 instruction. */
    public static final int JUMP_SIZE = A64.INSN_SIZE;

    /** {@code LIVEPATCH_OPAQUE_SIZE}. */
    private static final int OPAQUE_SIZE = 31;

    private Aarch64Isa() {
    }

    @Override
    public Arch arch() {
        return Arch.AARCH64;
    }

    @Override
    public String name() {
        return "aarch64";
    }

    @Override
    public int jumpSize() {
        return JUMP_SIZE;
    }

    @Override
    public byte[] jump(long at, long target) {
        if (!A64.reaches(at, target)) {
            throw new SpliceException(Errno.EOVERFLOW, ("%s (Xen would write AARCH64_BREAK_FAULT, BRK #2): load the"
                    + " payload within 128 MiB of the function it patches").formatted(A64.describeUnreachable(at,
                    target)));
        }
        return A64.bytes(A64.b(at, target));
    }

    @Override
    public long jumpTarget(long at, byte[] bytes) {
        if (bytes.length < JUMP_SIZE) {
            return -1;
        }
        int insn = A64.word(bytes, 0);
        return A64.isB(insn) ? A64.branchTarget(at, insn) : -1;
    }

    @Override
    public byte[] nop(int length) {
        if (length < 0 || length > OPAQUE_SIZE || length % A64.INSN_SIZE != 0) {
            throw new SpliceException(Errno.EOPNOTSUPP, ("a NOP patch of %d bytes is not possible on AArch64: Xen"
                    + " NOPs whole 4-byte instructions, at most %d bytes (arch_livepatch_verify_func); patch a"
                    + " multiple of 4 bytes up to %d").formatted(length, OPAQUE_SIZE, maxNopSize()));
        }
        return A64.nops(length / A64.INSN_SIZE);
    }

    @Override
    public int patchOffset(byte[] functionStart) {
        return 0;
    }

    @Override
    public int maxNopSize() {
        return OPAQUE_SIZE / A64.INSN_SIZE * A64.INSN_SIZE;
    }

    @Override
    public String toString() {
        return name();
    }
}
