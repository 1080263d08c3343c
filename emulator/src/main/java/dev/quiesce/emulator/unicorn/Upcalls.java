package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Native entry points (FFM upcall stubs) for the {@link Hooks} callbacks, in Unicorn's callback
 * shapes. Every stub catches whatever the callback throws and hands it to a failure sink (the
 * engine, which stops the run and rethrows after {@code uc_emu_start} returns): an exception that
 * escapes an upcall would kill the JVM (Unicorn hazard 4).
 */
final class Upcalls {

    private static final FunctionDescriptor CODE = FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS);
    private static final FunctionDescriptor MEMORY =
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
    private static final FunctionDescriptor INVALID = FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, ADDRESS);
    private static final FunctionDescriptor INTERRUPT = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS);
    private static final FunctionDescriptor CPUID = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ON_CODE;
    private static final MethodHandle ON_CPUID;
    private static final MethodHandle ON_MEMORY;
    private static final MethodHandle ON_INVALID;
    private static final MethodHandle ON_INTERRUPT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ON_CODE = l.findStatic(Upcalls.class, "code", MethodType.methodType(void.class, Consumer.class,
                    Hooks.Code.class, MemorySegment.class, long.class, int.class, MemorySegment.class));
            ON_MEMORY = l.findStatic(Upcalls.class, "memory", MethodType.methodType(boolean.class, Consumer.class,
                    Hooks.MemoryFault.class, MemorySegment.class, int.class, long.class, int.class, long.class,
                    MemorySegment.class));
            ON_INVALID = l.findStatic(Upcalls.class, "invalid", MethodType.methodType(boolean.class, Consumer.class,
                    Hooks.InvalidInstruction.class, MemorySegment.class, MemorySegment.class));
            ON_INTERRUPT = l.findStatic(Upcalls.class, "interrupt", MethodType.methodType(void.class, Consumer.class,
                    Hooks.Interrupt.class, MemorySegment.class, int.class, MemorySegment.class));
            ON_CPUID = l.findStatic(Upcalls.class, "cpuid", MethodType.methodType(int.class, Consumer.class,
                    Hooks.Cpuid.class, MemorySegment.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Upcalls() {
    }

    static MemorySegment code(Consumer<Throwable> failures, Hooks.Code cb, Arena arena) {
        return stub(ON_CODE, failures, cb, CODE, arena);
    }

    static MemorySegment memory(Consumer<Throwable> failures, Hooks.MemoryFault cb, Arena arena) {
        return stub(ON_MEMORY, failures, cb, MEMORY, arena);
    }

    static MemorySegment invalid(Consumer<Throwable> failures, Hooks.InvalidInstruction cb, Arena arena) {
        return stub(ON_INVALID, failures, cb, INVALID, arena);
    }

    static MemorySegment interrupt(Consumer<Throwable> failures, Hooks.Interrupt cb, Arena arena) {
        return stub(ON_INTERRUPT, failures, cb, INTERRUPT, arena);
    }

    static MemorySegment cpuid(Consumer<Throwable> failures, Hooks.Cpuid cb, Arena arena) {
        return stub(ON_CPUID, failures, cb, CPUID, arena);
    }

    private static MemorySegment stub(MethodHandle target, Consumer<Throwable> failures, Object cb,
                                      FunctionDescriptor shape, Arena arena) {
        return Linker.nativeLinker().upcallStub(MethodHandles.insertArguments(target, 0, failures, cb), shape, arena);
    }

    private static void code(Consumer<Throwable> failures, Hooks.Code cb, MemorySegment uc, long address, int size,
                             MemorySegment user) {
        try {
            cb.onCode(address, size);
        } catch (Throwable t) {
            failures.accept(t);
        }
    }

    private static boolean memory(Consumer<Throwable> failures, Hooks.MemoryFault cb, MemorySegment uc, int type,
                                  long address, int size, long value, MemorySegment user) {
        try {
            return cb.onFault(type, address, size, value);
        } catch (Throwable t) {
            failures.accept(t);
            return false;
        }
    }

    private static boolean invalid(Consumer<Throwable> failures, Hooks.InvalidInstruction cb, MemorySegment uc,
                                   MemorySegment user) {
        try {
            return cb.onInvalid();
        } catch (Throwable t) {
            failures.accept(t);
            return false;
        }
    }

    private static void interrupt(Consumer<Throwable> failures, Hooks.Interrupt cb, MemorySegment uc, int number,
                                  MemorySegment user) {
        try {
            cb.onInterrupt(number);
        } catch (Throwable t) {
            failures.accept(t);
        }
    }

    /** Returns 0: Unicorn then executes the CPUID itself. */
    private static int cpuid(Consumer<Throwable> failures, Hooks.Cpuid cb, MemorySegment uc, MemorySegment user) {
        try {
            cb.onCpuid();
        } catch (Throwable t) {
            failures.accept(t);
        }
        return 0;
    }
}
