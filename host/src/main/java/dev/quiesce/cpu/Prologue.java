package dev.quiesce.cpu;

/**
 * What a {@link StackWalker} needs to know of one architecture's function prologues: the return address of the
 * innermost function while it is not yet (or never) in the frame-record chain.
 */
interface Prologue {

    /**
     * The return address of the function at {@code pc} if its frame record does not hold it yet — the function is in
     * its prologue, or builds no record — read from the stack {@code [stackLow, stackHigh)} or taken from {@code lr};
     * 0 when the chain already holds it.
     */
    long returnAddress(long pc, long sp, long lr, long stackLow, long stackHigh);

    /** Whether the 8 bytes at {@code a} lie inside the stack. */
    static boolean inStack(long a, long low, long high) {
        return a >= low && a + 8 <= high;
    }
}
