package dev.quiesce.emulator.unicorn;

/**
 * Why guest code stopped: a fault of the guest (from the {@link UcError} that ended a run) or an
 * exhausted instruction budget. Used by CPUs' fault events and by single guest calls.
 */
public enum FaultKind {
    /** Fetch from an address with no memory (e.g. a torn JMP's garbage target). */
    UNMAPPED_FETCH,
    /** Load or store to an address with no memory. */
    UNMAPPED_ACCESS,
    /** Access against the page protection (a store into text). */
    PROTECTION,
    /** An undefined opcode, including {@code ud2} from {@code __builtin_trap()}. */
    INVALID_INSTRUCTION,
    /** The instruction budget ran out before the code reached its end (a call that never returned). */
    BUDGET_EXHAUSTED,
    /** An {@code int3} nobody emulates (a breakpoint left in the code, or a trap outside a text_poke window). */
    BREAKPOINT,
    /** Any other emulator error. */
    OTHER;

    /** The fault kind of a Unicorn error. */
    public static FaultKind of(UcError error) {
        return switch (error) {
            case FETCH_UNMAPPED -> UNMAPPED_FETCH;
            case READ_UNMAPPED, WRITE_UNMAPPED -> UNMAPPED_ACCESS;
            case READ_PROT, WRITE_PROT, FETCH_PROT -> PROTECTION;
            case INSN_INVALID -> INVALID_INSTRUCTION;
            default -> OTHER;
        };
    }
}
