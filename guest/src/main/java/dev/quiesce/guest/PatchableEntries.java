package dev.quiesce.guest;

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
 */
public final class PatchableEntries {

    /** Length of the entry pad, in bytes: one 5-byte NOP or one {@code JMP rel32} once rewritten. */
    public static final int PAD_SIZE = 5;
    /** The byte the pad is made of as compiled: the 1-byte {@code NOP}. */
    public static final byte PAD_BYTE = (byte) 0x90;

    private static final List<String> BASE_IMAGE = List.of("record_write", "record_read", "do_record_op");
    private static final Map<String, List<String>> PAYLOADS = Map.of("record_v2", List.of("record_write_v2", "record_read_v2"));

    private PatchableEntries() {
    }

    /** The base image's functions with the entry pad, in source order (all in {@code record.o}). */
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
