package dev.quiesce.emulator.unicorn;

/**
 * The callback shapes an engine accepts. Every callback runs inside an upcall from Unicorn: the
 * engine catches anything it throws, stops the run, and rethrows it from
 * {@link UnicornEngine#run} (an exception escaping an upcall would kill the JVM).
 */
public final class Hooks {

    private Hooks() {
    }

    /** Called before the instruction at {@code address} executes. */
    @FunctionalInterface
    public interface Code {
        void onCode(long address);

        /** As {@link #onCode(long)}, with the instruction's length in bytes (what Unicorn passes). */
        default void onCode(long address, int size) {
            onCode(address);
        }
    }

    /** Called on an access to unmapped memory; return {@code true} if the hook mapped it. */
    @FunctionalInterface
    public interface MemoryFault {
        boolean onFault(int type, long address, int size, long value);
    }

    /** Called on an invalid instruction; return {@code true} to continue (the hook fixed it). */
    @FunctionalInterface
    public interface InvalidInstruction {
        boolean onInvalid();
    }

    /** Called on a CPU exception or software interrupt ({@code int3}, {@code int n}). */
    @FunctionalInterface
    public interface Interrupt {
        void onInterrupt(int number);
    }

    /** Called when the guest executes {@code CPUID}, a serialising instruction (Intel SDM vol. 3A §9.3). */
    @FunctionalInterface
    public interface Cpuid {
        void onCpuid();
    }
}
