package dev.quiesce.emulator.call;

import dev.quiesce.emulator.unicorn.UcError;

/**
 * A guest function called through {@link GuestCaller} did not return: it faulted (an unmapped access
 * or fetch, a protection violation, {@code ud2} from {@code BUG()}/{@code __builtin_trap()}) or ran
 * past its instruction budget. Xen treats a crashing hook as fatal; the simulator reports it instead,
 * so the livepatch action that called it can fail cleanly ({@code xen/common/livepatch.c}).
 */
public final class GuestFault extends RuntimeException {

    /** Why the call did not return. */
    public enum Kind {
        /** Fetch from an address with no memory (a jump into the void). */
        UNMAPPED_FETCH,
        /** Load or store to an address with no memory. */
        UNMAPPED_ACCESS,
        /** An access against the page protection (a store into text). */
        PROTECTION,
        /** An undefined opcode, including {@code ud2} from {@code __builtin_trap()}. */
        INVALID_INSTRUCTION,
        /** The instruction budget ran out before the function returned. */
        BUDGET_EXHAUSTED,
        /** Any other emulator error. */
        OTHER;

        /** The kind of a Unicorn error that ended a run. */
        public static Kind of(UcError error) {
            return switch (error) {
                case FETCH_UNMAPPED -> UNMAPPED_FETCH;
                case READ_UNMAPPED, WRITE_UNMAPPED -> UNMAPPED_ACCESS;
                case READ_PROT, WRITE_PROT, FETCH_PROT -> PROTECTION;
                case INSN_INVALID -> INVALID_INSTRUCTION;
                default -> OTHER;
            };
        }
    }

    private final Kind kind;
    private final long pc;

    /** A fault of {@code kind} at guest address {@code pc}, described by {@code message}. */
    public GuestFault(Kind kind, long pc, String message) {
        super(message);
        this.kind = kind;
        this.pc = pc;
    }

    /** Why the call did not return. */
    public Kind kind() {
        return kind;
    }

    /** The guest address of the faulting instruction, or where the budget ran out. */
    public long pc() {
        return pc;
    }
}
