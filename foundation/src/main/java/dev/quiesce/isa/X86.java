package dev.quiesce.isa;

import java.util.Arrays;

/**
 * The x86-64 instruction encodings the project writes and recognises: {@code JMP rel32}, {@code INT3}, {@code UD2},
 * the one-byte {@code NOP}, the ideal (P6) multi-byte NOPs of 1..9 bytes and Xen's NOP fill ({@code add_nops()}), {@code ENDBR64}
 * and its poison (Xen: xen/arch/x86/include/asm/nops.h, asm/endbr.h; Intel SDM vol. 2, NOP and ENDBR64).
 */
public final class X86 {

    /** The {@code JMP rel32} opcode. */
    public static final byte JMP_REL32 = (byte) 0xE9;
    /** The length of a {@code JMP rel32}: opcode and 4-byte displacement ({@code ARCH_PATCH_INSN_SIZE}). */
    public static final int JMP_REL32_SIZE = 5;
    /** The {@code INT3} breakpoint. */
    public static final byte INT3 = (byte) 0xCC;
    /** The one-byte {@code NOP}. */
    public static final byte NOP = (byte) 0x90;
    /** The length of {@code ENDBR64} and of its poison ({@code ENDBR64_LEN}). */
    public static final int ENDBR64_SIZE = 4;
    /** The longest ideal NOP ({@code ASM_NOP_MAX}). */
    public static final int MAX_NOP = 9;

    private static final byte[] ENDBR64 = {(byte) 0xF3, 0x0F, 0x1E, (byte) 0xFA};
    /** {@code nopw (%rcx)}: what Xen writes over an ENDBR64 it seals. */
    private static final byte[] ENDBR64_POISON = {0x66, 0x0F, 0x1F, 0x01};

    /** The ideal (P6) NOP of each length 1..9 (Xen: {@code P6_NOP1} … {@code P6_NOP9}). */
    private static final byte[][] P6_NOPS = {
        {},
        {NOP},
        {0x66, NOP},
        {0x0F, 0x1F, 0x00},
        {0x0F, 0x1F, 0x40, 0x00},
        {0x0F, 0x1F, 0x44, 0x00, 0x00},
        {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
        {0x0F, 0x1F, (byte) 0x80, 0x00, 0x00, 0x00, 0x00},
        {0x0F, 0x1F, (byte) 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
        {0x66, 0x0F, 0x1F, (byte) 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    };

    private X86() {
    }

    /** Whether a {@code JMP rel32} at {@code at} reaches {@code target} (±2 GiB from the next instruction). */
    public static boolean reaches(long at, long target) {
        long rel = target - (at + JMP_REL32_SIZE);
        return rel == (int) rel;
    }

    /**
     * The {@code JMP rel32} at {@code at} to {@code target}.
     *
     * @throws IllegalArgumentException when it does not {@link #reaches reach}
     */
    public static byte[] jmpRel32(long at, long target) {
        return withRel32(JMP_REL32, at + JMP_REL32_SIZE, target);
    }

    /**
     * {@code opcode} and the little-endian rel32 from {@code next} (the address after the instruction) to
     * {@code target}.
     *
     * @throws IllegalArgumentException when the distance does not fit 32 bits
     */
    public static byte[] withRel32(byte opcode, long next, long target) {
        long rel = target - next;
        if (rel != (int) rel) {
            throw new IllegalArgumentException("0x%x is %d bytes from 0x%x, beyond the ±2 GiB of a rel32"
                    .formatted(target, rel, next));
        }
        int r = (int) rel;
        return new byte[] {opcode, (byte) r, (byte) (r >>> 8), (byte) (r >>> 16), (byte) (r >>> 24)};
    }

    /** Whether {@code insn} is exactly one {@code JMP rel32}. */
    public static boolean isJmpRel32(byte[] insn) {
        return insn.length == JMP_REL32_SIZE && insn[0] == JMP_REL32;
    }

    /** Where the {@code JMP rel32} {@code insn} at {@code at} jumps; -1 when {@code insn} is not one. */
    public static long jmpRel32Target(long at, byte[] insn) {
        if (!isJmpRel32(insn)) {
            return -1;
        }
        int rel = (insn[1] & 0xff) | (insn[2] & 0xff) << 8 | (insn[3] & 0xff) << 16 | (insn[4] & 0xff) << 24;
        return at + JMP_REL32_SIZE + rel;
    }

    /** The ideal NOP of {@code length} 0..9 bytes (a new array). */
    public static byte[] idealNop(int length) {
        if (length < 0 || length > MAX_NOP) {
            throw new IllegalArgumentException("no single NOP of " + length + " bytes; 0.." + MAX_NOP);
        }
        return P6_NOPS[length].clone();
    }

    /** {@code length} bytes of NOPs as Xen's {@code add_nops()} writes them: ideal NOPs of at most 9 bytes each. */
    public static byte[] nops(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("a negative NOP length: " + length);
        }
        byte[] out = new byte[length];
        for (int at = 0; at < length; at += MAX_NOP) {
            int n = Math.min(length - at, MAX_NOP);
            System.arraycopy(P6_NOPS[n], 0, out, at, n);
        }
        return out;
    }

    /** Whether {@code b} is an ftrace-style entry pad: the ideal 5-byte NOP, or one-byte NOPs only. */
    public static boolean isEntryPad(byte[] b) {
        boolean nops = true;
        for (byte x : b) {
            nops &= x == NOP;
        }
        return nops || Arrays.equals(b, P6_NOPS[5]);
    }

    /** {@code UD2}, the undefined instruction that always raises #UD (a new array). */
    public static byte[] ud2() {
        return new byte[] {0x0F, 0x0B};
    }

    /** {@code ENDBR64} (a new array). */
    public static byte[] endbr64() {
        return ENDBR64.clone();
    }

    /** Whether {@code bytes} begin with an {@code ENDBR64} or with the poison Xen writes over one. */
    public static boolean startsWithEndbr64(byte[] bytes) {
        return startsWith(bytes, ENDBR64) || startsWith(bytes, ENDBR64_POISON);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
