package dev.quiesce.cpu;

/**
 * The spin loop of a CPU parked in a rendezvous, as its poll instants: Xen's waiters in {@code do_livepatch_work()}
 * and {@code livepatch_spin()} (xen/common/livepatch.c) and Linux's {@code multi_cpu_stop()} (kernel/stop_machine.c)
 * all loop {@code while (!flag) cpu_relax();}, reading the shared state once per iteration, and x86's
 * {@code cpu_relax()} is PAUSE ({@code rep; nop}). A loop that starts at {@code origin} reads at
 * {@code origin + k * period}; a CPU notices a coordinator's step (the IRQ phase's {@code ready}, the release's
 * {@code do_work = 0}) at its first read at or after the step, not at a quantum boundary. The loop restarts, with a
 * read at once, when the CPU parks or stops and when an interrupt handler returns into it. The period is the host's
 * {@code cpu.spin-poll} (default 40 ns, about one PAUSE on a recent Intel core: host reference.conf); 0 reads
 * continuously (a step is noticed at once). Times are in the caller's unit (picoseconds for an emulated CPU,
 * nanoseconds for a modelled one). One spin loop serves the emulated {@link Cpu} and the fleet's modelled CPU.
 */
public final class SpinLoop {

    private final long period;
    private long origin = -1;

    /** A spin loop reading once per {@code period} (0: continuously). */
    public SpinLoop(long period) {
        if (period < 0) {
            throw new IllegalArgumentException("a spin-loop period must be >= 0");
        }
        this.period = period;
    }

    /** The loop (re)starts at {@code t} (the CPU parked, stopped, or returned into the loop from a handler). */
    public void start(long t) {
        origin = t;
    }

    /**
     * The first read at or after {@code t}: when a step made at {@code t} is noticed. Before the loop ever started,
     * or with period 0, {@code t} itself.
     */
    public long nextRead(long t) {
        if (period == 0 || origin < 0) {
            return t;
        }
        if (t <= origin) {
            return origin;
        }
        return origin + Math.ceilDiv(t - origin, period) * period;
    }
}
