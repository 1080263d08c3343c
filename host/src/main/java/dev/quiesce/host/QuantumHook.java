package dev.quiesce.host;

import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;

import java.util.List;

/**
 * What the host's lockstep feeds at every quantum boundary: the quantum's events in trace order
 * (docs/architecture.md §1 and §3); it answers with commands for the CPUs, applied before the next quantum runs. The
 * coordinator's rendezvous (Xen: {@code do_livepatch_work()}, xen/common/livepatch.c) is one. Runs on
 * the host actor's thread while no CPU runs, so it may also write guest memory.
 */
public interface QuantumHook {

    /** A hook that does nothing, and so is quiet forever. */
    QuantumHook NONE = new QuantumHook() {
        @Override
        public void afterQuantum(long nowNs, List<CpuEvent> events, HostLockstep lockstep, Controls out) {
        }

        @Override
        public long quietUntilNs(long nowNs) {
            return Long.MAX_VALUE;
        }
    };

    /**
     * Consumes one quantum.
     *
     * @param nowNs    the boundary (the quantum's end)
     * @param events   the quantum's events, sorted by {@code (time, cpu, seq)}
     * @param lockstep for {@link HostLockstep#note} (the hook's own events go into the trace hash)
     * @param out      per-CPU commands for the next quantum
     */
    void afterQuantum(long nowNs, List<CpuEvent> events, HostLockstep lockstep, Controls out);

    /**
     * The instant up to which this hook stays quiet, asked at boundary {@code nowNs} after its
     * {@link #afterQuantum}: at every later boundary before the returned instant its {@code afterQuantum} gives no
     * commands, asks for no other quantum length and no awaited step, writes no guest memory, changes no probes, and
     * reads nothing the CPUs write but the quantum's events; it may note events in the trace and end the run. The
     * host then runs up to {@link HostSettings#barrierBatch()} quanta between two barriers: the CPUs run them back to
     * back and the host feeds them to this hook one by one afterwards (docs/architecture.md §3 rule 8), so the trace
     * is the one a barrier after every quantum gives. A hook that ends the run inside such a batch leaves the CPUs
     * and their private memory up to the batch's end; the report and everything the hook saw are those of the
     * boundary where it ended. The default, {@code nowNs}, promises nothing: a barrier after every quantum.
     */
    default long quietUntilNs(long nowNs) {
        return nowNs;
    }

    /**
     * The failure of {@code hook} that gave commands at boundary {@code nowNs} inside the quiet span it promised
     * ({@link #quietUntilNs}): the run fails with it instead of running on changed (docs/architecture.md §3 rule 8).
     */
    static String actedInsideItsSpan(QuantumHook hook, long nowNs) {
        return "the quantum hook %s acted at %dns, inside the quiet span it promised (docs/architecture.md §3 rule 8)"
                .formatted(hook.getClass().getName(), nowNs);
    }

    /** Per-CPU commands collected at a boundary. */
    final class Controls {
        private final List<CpuControl>[] perCpu;

        @SuppressWarnings("unchecked")
        public Controls(int cpus) {
            perCpu = new List[cpus];
            for (int i = 0; i < cpus; i++) {
                perCpu[i] = new java.util.ArrayList<>();
            }
        }

        private long nextQuantumNs;

        /** Asks for the next quantum to be only {@code ns} long ({@link HostLockstep#nextQuantum}). */
        public void shrinkNextQuantum(long ns) {
            nextQuantumNs = nextQuantumNs == 0 ? ns : Math.min(nextQuantumNs, ns);
        }

        /** Takes (and clears) the requested length of the next quantum; 0 for the configured one. */
        public long takeNextQuantum() {
            long n = nextQuantumNs;
            nextQuantumNs = 0;
            return n;
        }

        private final java.util.BitSet awaited = new java.util.BitSet();
        private static final int[] NONE_AWAITED = {};

        /**
         * Asks for the next quantum to end at the instant CPU {@code cpu} takes its next rendezvous step (parks at
         * its quiescence point, stops, or turns IRQs off as asked) — with several CPUs, the instant the last of
         * them does — if they all do before the quantum's end; the coordinator's next commands then take effect
         * at that instant instead of a fixed boundary (docs/architecture.md §3 rule 7).
         */
        public void endNextQuantumOnStep(int cpu) {
            awaited.set(cpu);
        }

        /** Takes (and clears) the CPUs whose next step ends the next quantum, in id order. */
        public int[] takeAwaited() {
            if (awaited.isEmpty()) { // nearly every quantum: no stream pipeline on the host's serial path
                return NONE_AWAITED;
            }
            int[] a = awaited.stream().toArray();
            awaited.clear();
            return a;
        }

        /** Whether nothing was asked: no command, no quantum length, no awaited step. */
        public boolean isEmpty() {
            if (nextQuantumNs != 0 || !awaited.isEmpty()) {
                return false;
            }
            for (List<CpuControl> l : perCpu) {
                if (!l.isEmpty()) {
                    return false;
                }
            }
            return true;
        }

        /** Queues {@code c} for CPU {@code cpu}. */
        public void add(int cpu, CpuControl c) {
            perCpu[cpu].add(c);
        }

        /** Takes (and clears) CPU {@code cpu}'s commands. */
        public List<CpuControl> take(int cpu) {
            List<CpuControl> l = List.copyOf(perCpu[cpu]);
            perCpu[cpu].clear();
            return l;
        }
    }
}
