package dev.quiesce.emulator.call;

import dev.quiesce.emulator.unicorn.FaultKind;

/**
 * A guest function called through {@link GuestCaller} did not return: it faulted (an unmapped access
 * or fetch, a protection violation, {@code ud2} from {@code BUG()}/{@code __builtin_trap()}) or ran
 * past its instruction budget. Xen treats a crashing hook as fatal; the simulator reports it instead,
 * so the livepatch action that called it can fail cleanly ({@code xen/common/livepatch.c}).
 */
public final class GuestFault extends RuntimeException {

    private final FaultKind kind;
    private final long pc;

    /** A fault of {@code kind} at guest address {@code pc}, described by {@code message}. */
    public GuestFault(FaultKind kind, long pc, String message) {
        super(message);
        this.kind = kind;
        this.pc = pc;
    }

    /** Why the call did not return. */
    public FaultKind kind() {
        return kind;
    }

    /** The guest address of the faulting instruction, or where the budget ran out. */
    public long pc() {
        return pc;
    }
}
