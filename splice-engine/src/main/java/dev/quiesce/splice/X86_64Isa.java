package dev.quiesce.splice;

import dev.quiesce.payload.Errno;

/**
 * The x86-64 splice: {@code E9 rel32} (5 bytes, ±2 GiB), P6 multi-byte NOPs of up to 9 bytes each, and the patch
 * at +4 after an ENDBR64 or its poison (Xen: {@code arch_livepatch_apply()} in xen/arch/x86/livepatch.c,
 * {@code add_nops()} and {@code ASM_NOP_MAX = 9} in xen/arch/x86/include/asm/nops.h, {@code is_endbr64()} and
 * {@code is_endbr64_poison()} in asm/endbr.h).
 */
public final class X86_64Isa implements PatchIsa {

    /** The one instance. */
    public static final X86_64Isa INSTANCE = new X86_64Isa();

    /** {@code ARCH_PATCH_INSN_SIZE}. */
    public static final int JUMP_SIZE = 5;

    /** The JMP rel32 opcode. */
    public static final byte JMP_REL32 = (byte) 0xE9;

    /** The int3 breakpoint opcode, the first store of the int3 protocol. */
    public static final byte INT3 = (byte) 0xCC;

    private static final byte[] ENDBR64 = {(byte) 0xF3, 0x0F, 0x1E, (byte) 0xFA};
    private static final byte[] ENDBR64_POISON = {0x66, 0x0F, 0x1F, 0x01};
    private static final int ASM_NOP_MAX = 9;
    private static final int OPAQUE_SIZE = 31;

    /** The ideal (P6) NOP of each length 1..9 (Xen: {@code P6_NOP1} … {@code P6_NOP9}). */
    private static final byte[][] P6_NOPS = {
        {},
        {(byte) 0x90},
        {0x66, (byte) 0x90},
        {0x0F, 0x1F, 0x00},
        {0x0F, 0x1F, 0x40, 0x00},
        {0x0F, 0x1F, 0x44, 0x00, 0x00},
        {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
        {0x0F, 0x1F, (byte) 0x80, 0x00, 0x00, 0x00, 0x00},
        {0x0F, 0x1F, (byte) 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
        {0x66, 0x0F, 0x1F, (byte) 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    };

    private X86_64Isa() {
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
        long rel = target - (at + JUMP_SIZE);
        if (rel < Integer.MIN_VALUE || rel > Integer.MAX_VALUE) {
            throw new SpliceException(Errno.EOVERFLOW, ("a JMP at 0x%x cannot reach 0x%x (%d bytes away; rel32"
                    + " reaches ±2 GiB): load the payload within 2 GiB of the function it patches")
                    .formatted(at, target, rel));
        }
        int r = (int) rel;
        return new byte[] {JMP_REL32, (byte) r, (byte) (r >>> 8), (byte) (r >>> 16), (byte) (r >>> 24)};
    }

    @Override
    public byte[] nop(int length) {
        if (length < 0 || length > OPAQUE_SIZE) {
            throw new SpliceException(Errno.EOPNOTSUPP, ("a NOP patch of %d bytes is not possible: Xen NOPs 0..%d"
                    + " bytes (LIVEPATCH_OPAQUE_SIZE); patch fewer bytes").formatted(length, OPAQUE_SIZE));
        }
        byte[] out = new byte[length];
        int at = 0;
        while (at < length) {
            int n = Math.min(length - at, ASM_NOP_MAX);
            System.arraycopy(P6_NOPS[n], 0, out, at, n);
            at += n;
        }
        return out;
    }

    @Override
    public int patchOffset(byte[] functionStart) {
        if (startsWith(functionStart, ENDBR64) || startsWith(functionStart, ENDBR64_POISON)) {
            return ENDBR64.length;
        }
        return 0;
    }

    @Override
    public int maxNopSize() {
        return OPAQUE_SIZE;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name();
    }
}
