package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.interrupt.InterruptKind;

/**
 * Something a CPU did at a point of virtual time. The host orders all events of a quantum by
 * {@code (time, cpu, seq)} before anything consumes them (docs/architecture.md §3 rule 4).
 */
public sealed interface CpuEvent {

    /** Virtual time in nanoseconds. */
    long time();

    /** The CPU's id. */
    int cpu();

    /** The CPU's own event counter (0, 1, 2, …): orders events of one CPU at equal times. */
    long seq();

    /** The CPU reached a quiescence point (the first instruction of {@code check_for_livepatch_work}). */
    record Quiescence(long time, int cpu, long seq, long pc) implements CpuEvent {
    }

    /**
     * An interrupt was injected: context saved, handler entered. {@code interruptedFlags} is the
     * interrupted RFLAGS (IRQs are only injected when its IF bit is set).
     */
    record InterruptEntry(long time, int cpu, long seq, InterruptKind kind, int vector, long interruptedPc,
                          long interruptedFlags) implements CpuEvent {
    }

    /** An interrupt handler returned and the interrupted context was restored. */
    record InterruptExit(long time, int cpu, long seq, InterruptKind kind, int vector) implements CpuEvent {
    }

    /**
     * An arrival was lost: an IRQ whose vector was already pending (the APIC's IRR holds one per
     * vector), an NMI while one was already latched, or a machine check while one was pending or in service
     * (MCG_STATUS.MCIP set: hardware would shut down, docs/machine-checks.md).
     */
    record InterruptLost(long time, int cpu, long seq, InterruptKind kind, int vector) implements CpuEvent {
    }

    /**
     * An NMI was delivered while the CPU's NMIs were masked with {@link CpuControl#MASK_NMIS_SWALLOW} and was
     * dropped without running the guest's handler: lost, as under Xen's {@code mask_nmi_callback}
     * ({@code arch_livepatch_mask()}, xen/arch/x86/livepatch.c).
     */
    record NmiSwallowed(long time, int cpu, long seq, int vector) implements CpuEvent {
    }

    /**
     * A held CPU disabled its interrupts for the rendezvous's IRQ phase ({@code local_irq_save} in
     * {@code do_livepatch_work()}, xen/common/livepatch.c); see {@link CpuControl#IRQS_OFF}.
     */
    record IrqsOff(long time, int cpu, long seq) implements CpuEvent {
    }

    /**
     * The guest faulted; the CPU stops. {@code where} is {@code symbol+0xoff}, followed by {@code " (file.c:42)"}
     * when the image's objects carry DWARF line tables (user code built with {@code -g}; never the built-in guest,
     * whose trace hashes therefore do not move). {@code detail} says what happened; for a failed {@code assert()}
     * of user code it is {@code "assertion failed: "} and the message ({@link dev.quiesce.host.AssertFailures}).
     */
    record Fault(long time, int cpu, long seq, FaultKind kind, long pc, String where, String detail)
            implements CpuEvent {

        /** The detail of a fault that is the program's entry returning to the exit trampoline. */
        public static String entryReturned(String entry) {
            return entry + RETURNED;
        }

        /** Whether this fault is the program's entry ({@code cpu_main} built in) returning, not a crash. */
        public boolean entryReturned() {
            return detail.endsWith(RETURNED);
        }

        private static final String RETURNED = " returned";
    }

    /**
     * The CPU is about to execute the instruction at {@code pc} ({@code size} bytes), which lies in a range of the
     * host's {@link dev.quiesce.host.HostProbes} (the oracles' code hooks). {@code nmi}, {@code irq} and {@code mce}
     * say whether it runs inside an NMI, an IRQ or a machine-check handler.
     */
    record Probe(long time, int cpu, long seq, long pc, int size, boolean nmi, boolean irq, boolean mce)
            implements CpuEvent {

        /** A probe hit outside any machine-check handler. */
        public Probe(long time, int cpu, long seq, long pc, int size, boolean nmi, boolean irq) {
            this(time, cpu, seq, pc, size, nmi, irq, false);
        }
    }

    /**
     * The CPU executed the {@code int3} at {@code pc} placed by a text_poke plan and continued at {@code target}, as
     * Linux's {@code poke_int3_handler()} emulates the instruction being written (arch/x86/kernel/alternative.c).
     */
    record Int3Emulated(long time, int cpu, long seq, long pc, long target) implements CpuEvent {
    }

    /**
     * Why a CPU serialised its instruction fetch (docs/cross-modifying-code.md; Intel SDM vol. 3A §9.3 "Serializing
     * Instructions"): interrupt delivery is not one of them, the return from an interrupt is. On AArch64 the causes
     * are the Arm ARM's context synchronisation events (DDI 0487, glossary "Context synchronization event": an
     * {@code ISB}, taking an exception, returning from one with {@code ERET}, exit from Debug state), which under
     * {@code xmc = arm} make a CPU observe only code whose cache maintenance completed (B2.2.5). New causes take new
     * codes; a code once given never changes (docs/trace-hash.md).
     */
    enum Serialising {
        /** The interrupt handler returned ({@code IRET}; in the simulator: the magic return address). */
        IRET(1),
        /** The sync IPI's {@code do_sync_core()} ran {@code sync_core()} ({@code text_poke_sync()}, Linux). */
        SYNC_CORE(2),
        /**
         * The protocol released the CPU: Xen's {@code arch_livepatch_post_action()} ({@code cpuid_eax(0)}), the exit
         * of a stop_machine-style stop.
         */
        RELEASE(3),
        /** The guest executed {@code CPUID}. */
        CPUID(4),
        /** The guest executed an {@code ISB} (AArch64; e.g. Xen's {@code arch_livepatch_post_action()} on Arm). */
        ISB(5),
        /**
         * The CPU took an exception (AArch64: an IRQ, FIQ, SError, {@code SVC}/{@code HVC}, a synchronous abort; the
         * sync IPI's delivery): a context synchronisation event on Arm, unlike x86's interrupt delivery.
         */
        EXCEPTION_ENTRY(6),
        /** The CPU returned from an exception with {@code ERET} (AArch64). */
        ERET(7);

        private final int code;

        Serialising(int code) {
            this.code = code;
        }

        /** The stable code the trace hash sees. */
        public int code() {
            return code;
        }
    }

    /**
     * At a serialising event the CPU observed the code page at {@code page}, which it had been fetching stale (a
     * stale-fetch cross-modifying-code model; never under {@code coherent}). One event per refreshed page.
     */
    record CodeRefreshed(long time, int cpu, long seq, Serialising cause, long page) implements CpuEvent {
    }

    /**
     * Under the {@code errata} model the CPU was made to observe part {@code [address, +length)} of a code store
     * spanning two 16-byte fetch blocks before serialising: what it fetches there now mixes old and new bytes.
     */
    record CodeTorn(long time, int cpu, long seq, long address, int length) implements CpuEvent {
    }

    /**
     * The CPU stopped where it was for a stop_machine ({@link CpuControl#STOP}), IRQs off; {@code stack} is what a
     * frame-pointer unwinder finds there: the stopped PC, then each return address, innermost first.
     */
    record Stopped(long time, int cpu, long seq, long[] stack) implements CpuEvent {
        public Stopped {
            stack = stack.clone();
        }

        @Override
        public long[] stack() {
            return stack.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stopped s && s.time == time && s.cpu == cpu && s.seq == seq
                    && java.util.Arrays.equals(s.stack, stack);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(time, cpu, seq, java.util.Arrays.hashCode(stack));
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("Stopped[time=%d, cpu=%d, seq=%d, stack=".formatted(time, cpu, seq));
            for (int i = 0; i < stack.length; i++) {
                b.append(i == 0 ? "" : ",").append("0x").append(Long.toHexString(stack[i]));
            }
            return b.append(']').toString();
        }
    }
}
