package dev.quiesce.guest;

import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The guest functions whose entry is a 5-byte pad of 1-byte NOPs ({@code 90 90 90 90 90}) before the
 * prologue: those marked {@code FENTRY_PATCHABLE} in {@code guest.h} (gcc's
 * {@code patchable_function_entry(5, 0)}), the guest's counterpart of Linux's ftrace sites
 * ({@code -pg -mfentry -mnop-mcount}, which {@code -fpie} forbids). The pad is left as five NOPs in the
 * objects: the simulator rewrites it into one 5-byte NOP at boot, as Linux's {@code ftrace_init} does,
 * and a patch's 5-byte JMP then replaces exactly that instruction.
 *
 * <p>gcc also lists the pads' addresses in each object's {@code __patchable_function_entries} section
 * (allocated, writable, {@code R_X86_64_64} relocations); the linker places it like any data.
 *
 * <p>On AArch64 ({@link #pad(Arch)}) the same functions start with two 4-byte NOPs ({@code d503201f}), the shape
 * of Linux's arm64 ftrace sites ({@code -fpatchable-function-entry=2}, arch/arm64/Makefile): every A64 instruction is
 * 4 bytes, so the pad needs no rewriting at boot, and a patch's {@code B imm26} replaces the first NOP, a change Arm
 * allows while another core executes it (Arm ARM, "Concurrent modification and execution of instructions"). Their
 * {@code __patchable_function_entries} relocations are {@code R_AARCH64_ABS64}.
 */
public final class PatchableEntries {

    /** Length of the entry pad, in bytes: one 5-byte NOP or one {@code JMP rel32} once rewritten. */
    public static final int PAD_SIZE = 5;
    /** The byte the pad is made of as compiled: the 1-byte {@code NOP}. */
    public static final byte PAD_BYTE = (byte) 0x90;

    /** The NOPs of the AArch64 pad (guest.h's {@code ARCH_FENTRY_NOPS}). */
    private static final int A64_PAD_NOPS = 2;

    private static final List<String> BASE_IMAGE = List.of("record_write", "record_read", "do_record_op");
    private static final Map<String, List<String>> PAYLOADS = Map.of("record_v2", List.of("record_write_v2", "record_read_v2"),
            "record_op_v2", List.of("do_record_op_v2"));

    private PatchableEntries() {
    }

    /**
     * The entry pad of {@code arch} as gcc compiled it: five {@code 90} bytes on x86-64 ({@link #PAD_SIZE} times
     * {@link #PAD_BYTE}), two A64 {@code NOP}s on AArch64 (8 bytes).
     */
    public static byte[] pad(Arch arch) {
        return switch (arch) {
            case X86_64 -> {
                byte[] pad = new byte[PAD_SIZE];
                Arrays.fill(pad, PAD_BYTE);
                yield pad;
            }
            case AARCH64 -> {
                yield A64.nops(A64_PAD_NOPS);
            }
        };
    }

    /** The size of one instruction of {@code arch}'s pad: 1 (x86-64's {@code NOP}) or 4 (A64's). */
    public static int padInstructionSize(Arch arch) {
        return arch == Arch.AARCH64 ? A64.INSN_SIZE : 1;
    }

    /** The base image's functions with the entry pad, in source order (all in {@code record.o}), on both ISAs. */
    public static List<String> baseImage() {
        return BASE_IMAGE;
    }

    /**
     * The new functions of payload {@code name} (a {@link GuestObjects#payloadBodies()} body, without
     * {@code .o}) that carry the entry pad, so a later payload can patch them the same way; empty for a
     * payload that has none (or for an unknown name).
     */
    public static List<String> payload(String name) {
        return PAYLOADS.getOrDefault(name, List.of());
    }
}
