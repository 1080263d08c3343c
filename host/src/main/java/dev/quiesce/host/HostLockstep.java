package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.interrupt.InterruptKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The host's lockstep over virtual time (docs/architecture.md §3): quantum after quantum, every CPU runs to the
 * quantum's end and reports its events; only when all have reported are the quantum's events sorted
 * by {@code (time, cpu, seq)} and consumed (hashed, counted). So the outcome cannot depend on the
 * order in which CPUs, running on different threads, finish. The sort is one sort of primitive keys over the CPUs' own orders and the
 * hashing one digest update over bytes the CPUs may have encoded themselves ({@link QuantumBuckets}), so little
 * runs serially between quanta. A plain class; {@code HostActor} drives it.
 */
public final class HostLockstep {

    /** Trace order. */
    public static final Comparator<CpuEvent> ORDER = Comparator.comparingLong(CpuEvent::time)
            .thenComparingInt(CpuEvent::cpu).thenComparingLong(CpuEvent::seq);

    private final int cpus;
    private final long quantumNs;
    private final long durationNs;
    private final TraceHasher hasher = new TraceHasher();
    private final List<CpuEvent> quantumEvents = new ArrayList<>();
    private final QuantumBuckets buckets;
    private final boolean[] reported;
    private final long[] retired;
    private final long[] quiescence;
    private final long[] irqs;
    private final long[] nmis;
    private final long[] mces;
    private final long[] lost;
    private final long[] lastQuiescenceNs;
    private final long[] longestGapNs;
    private final String[] fault;
    private int reports;
    private long quantumStartNs;
    private long quantumEndNs;
    private long nextQuantumNs;
    private boolean endedEarly;

    public HostLockstep(int cpus, long quantumNs, long durationNs) {
        if (cpus <= 0 || quantumNs <= 0 || durationNs <= 0) {
            throw new IllegalArgumentException("cpus, quantum and duration must be positive");
        }
        this.cpus = cpus;
        this.quantumNs = quantumNs;
        this.durationNs = durationNs;
        this.reported = new boolean[cpus];
        this.retired = new long[cpus];
        this.quiescence = new long[cpus];
        this.irqs = new long[cpus];
        this.nmis = new long[cpus];
        this.mces = new long[cpus];
        this.lost = new long[cpus];
        this.lastQuiescenceNs = new long[cpus];
        this.longestGapNs = new long[cpus];
        this.fault = new String[cpus];
        this.buckets = new QuantumBuckets(cpus);
    }

    /** Starts the next quantum and returns its end time; call only when not {@link #finished()}. */
    public long beginQuantum() {
        if (finished()) {
            throw new IllegalStateException("run finished");
        }
        long q = nextQuantumNs > 0 ? nextQuantumNs : quantumNs;
        nextQuantumNs = 0;
        quantumStartNs = quantumEndNs;
        quantumEndNs = Math.min(durationNs, quantumEndNs + q);
        reports = 0;
        java.util.Arrays.fill(reported, false);
        quantumEvents.clear();
        buckets.clear();
        return quantumEndNs;
    }

    /**
     * Ends the current quantum earlier, at {@code endNs} (after the quantum's start, at most its end): the instant the
     * CPUs it awaited took their step (the first stage of a two-stage quantum, docs/architecture.md §3 rule 7); every
     * CPU then runs (on) to it.
     */
    public long cutQuantum(long endNs) {
        if (endNs <= quantumStartNs || endNs > quantumEndNs) {
            throw new IllegalArgumentException("a quantum can only be cut inside itself: " + endNs + " not in ("
                    + quantumStartNs + ", " + quantumEndNs + "]");
        }
        quantumEndNs = endNs;
        return endNs;
    }

    /**
     * Where the next quantum ends at the latest (a shrunk next quantum included; a cut may end it earlier): a forked
     * run stops at the last boundary before a divergence with it (docs/forking.md).
     */
    public long nextQuantumEndNs() {
        long q = nextQuantumNs > 0 ? nextQuantumNs : quantumNs;
        return Math.min(durationNs, quantumEndNs + q);
    }

    /**
     * The ends of the quanta a host may run before its next barrier (docs/architecture.md §3 rule 8): the next
     * quantum's end, then those of whole configured quanta while the last end lies before {@code quietUntilNs}, before
     * {@code untilNs} and before the run's duration; at most {@code cap}. The quanta are those that {@link #beginQuantum}
     * will begin one after the other, as long as nobody shrinks or cuts them.
     */
    public long[] batchEnds(long quietUntilNs, long untilNs, int cap) {
        long first = nextQuantumEndNs();
        int n = 1; // count first: most boundaries of a busy hook end a span of one quantum
        for (long end = first; n < cap && end < quietUntilNs && end < untilNs && end < durationNs; n++) {
            end = Math.min(durationNs, end + quantumNs);
        }
        long[] ends = new long[n];
        ends[0] = first;
        for (int k = 1; k < n; k++) {
            ends[k] = Math.min(durationNs, ends[k - 1] + quantumNs);
        }
        return ends;
    }

    /**
     * Quantum reports a span may hold at most, over all CPUs (each keeps its events until the host consumed them): a
     * host of many CPUs runs shorter spans.
     */
    public static final int SPAN_REPORTS = 8192;

    /**
     * The most quanta one span may hold on a host of {@code cpus} CPUs with {@code barrierBatch}
     * ({@code quiesce.host.barrier-batch}; 1: no spans): at most {@link #SPAN_REPORTS} reports over all CPUs.
     */
    public static int spanCap(int barrierBatch, int cpus) {
        return Math.min(barrierBatch, Math.max(2, SPAN_REPORTS / cpus));
    }

    /** The start of the current quantum (the previous boundary). */
    public long quantumStartNs() {
        return quantumStartNs;
    }

    /**
     * Adds events a CPU reported from the first stage of a two-stage quantum (it ran until its step); its
     * {@link #accept} for the quantum follows.
     */
    public void acceptPartial(List<CpuEvent> events) {
        if (!events.isEmpty()) { // one CPU's events; any other's among them make the merge sort instead
            buckets.add(events.getFirst().cpu(), events, null, false);
        }
    }

    /**
     * As {@link #acceptPartial(List)}, for CPU {@code cpu}, with the events' trace-hash bytes {@code framed} when the
     * CPU encoded them on its own thread (null: they are encoded here); both are copied at once.
     */
    public void acceptPartial(int cpu, List<CpuEvent> events, FramedEvents framed) {
        buckets.add(cpu, events, framed, false);
    }

    /**
     * Records one CPU's report for the current quantum; returns {@code true} when it was the last
     * one, after the quantum's events were sorted and consumed.
     */
    public boolean accept(int cpu, List<CpuEvent> events, long retiredTotal) {
        return accept(cpu, events, null, retiredTotal);
    }

    /**
     * As {@link #accept(int, List, long)}, with the events' trace-hash bytes {@code framed} when the CPU encoded them
     * on its own thread, while the others still ran (null: they are encoded here). The hash is the same either way.
     * {@code events} and {@code framed} are held, not copied: leave them untouched until the next quantum begins.
     */
    public boolean accept(int cpu, List<CpuEvent> events, FramedEvents framed, long retiredTotal) {
        if (reported[cpu]) {
            throw new IllegalStateException("cpu " + cpu + " reported twice in one quantum");
        }
        reported[cpu] = true;
        reports++;
        buckets.add(cpu, events, framed, true);
        retired[cpu] = retiredTotal;
        if (reports < cpus) {
            return false;
        }
        buckets.merge(quantumEvents);
        hasher.addFramed(buckets.bytes(), buckets.size(), quantumEvents.size());
        if (buckets.merged()) { // each CPU's events in its own order: count them from their kinds, no type switch
            for (int c = 0; c < cpus; c++) {
                count(c, buckets.framed(c), buckets.events(c));
            }
        } else {
            for (CpuEvent e : quantumEvents) {
                consume(e);
            }
        }
        return true;
    }

    /** The events of the quantum just completed, in trace order (valid until the next quantum). */
    public List<CpuEvent> quantumEvents() {
        return quantumEvents;
    }

    /**
     * Adds a coordinator's event, given as its canonical encoding ({@link CanonicalEncoder}, tag 0x20 or above), to
     * the trace hash, after the quantum's CPU events (call it from the quantum hook, in the order the events happened).
     */
    public void note(byte[] canonical) {
        hasher.addEncoded(canonical);
    }

    /**
     * Makes only the next quantum {@code ns} long (at least 1 ns, at most the configured quantum): while a store
     * plan is in flight a coordinator shrinks quanta so stores land between few instructions (docs/architecture.md §3 rule 6).
     */
    public void nextQuantum(long ns) {
        nextQuantumNs = Math.max(1, Math.min(ns, quantumNs));
    }

    /** Ends the run at the current boundary (an oracle found a violation): {@link #finished()} becomes true. */
    public void endEarly() {
        endedEarly = true;
    }

    /** Whether virtual time reached the run's duration, or the run was ended early. */
    public boolean finished() {
        return (quantumEndNs >= durationNs || endedEarly) && reports == cpus;
    }

    /** The end of the current quantum. */
    public long nowNs() {
        return quantumEndNs;
    }

    /** The report of a finished run. */
    public HostReport report(long seed, String buildId) {
        List<CpuSummary> out = new ArrayList<>();
        for (int c = 0; c < cpus; c++) {
            long gap = Math.max(longestGapNs[c], quantumEndNs - lastQuiescenceNs[c]);
            hasher.addCounter(c, retired[c]);
            out.add(new CpuSummary(c, retired[c], quiescence[c], irqs[c], nmis[c], mces[c], lost[c], gap,
                    fault[c] == null ? 0 : 1, fault[c] == null ? "" : fault[c]));
        }
        long events = hasher.events();
        return new HostReport(seed, Math.min(durationNs, quantumEndNs), quantumNs, buildId, List.copyOf(out), events,
                hasher.finish());
    }

    private void count(int c, FramedEvents f, List<CpuEvent> events) {
        for (int i = 0; i < f.count(); i++) {
            switch (f.kind(i)) {
                case FramedEvents.QUIESCENCE -> {
                    quiescence[c]++;
                    longestGapNs[c] = Math.max(longestGapNs[c], f.time(i) - lastQuiescenceNs[c]);
                    lastQuiescenceNs[c] = f.time(i);
                }
                case FramedEvents.IRQ -> irqs[c]++;
                case FramedEvents.NMI -> nmis[c]++;
                case FramedEvents.MCE -> mces[c]++;
                case FramedEvents.LOST -> lost[c]++;
                case FramedEvents.FAULT -> consume(events.get(i));
                default -> { }
            }
        }
    }

    private void consume(CpuEvent e) {
        int c = e.cpu();
        switch (e) {
            case CpuEvent.Quiescence q -> {
                quiescence[c]++;
                longestGapNs[c] = Math.max(longestGapNs[c], q.time() - lastQuiescenceNs[c]);
                lastQuiescenceNs[c] = q.time();
            }
            case CpuEvent.InterruptEntry i -> {
                switch (i.kind()) {
                    case NMI -> nmis[c]++;
                    case MCE -> mces[c]++;
                    case IRQ -> irqs[c]++;
                }
            }
            case CpuEvent.InterruptExit i -> { }
            case CpuEvent.IrqsOff o -> { }
            case CpuEvent.Probe p -> { }
            case CpuEvent.Int3Emulated t -> { }
            case CpuEvent.Stopped s -> { }
            case CpuEvent.CodeRefreshed r -> { }
            case CpuEvent.CodeTorn t -> { }
            case CpuEvent.InterruptLost i -> lost[c]++;
            case CpuEvent.NmiSwallowed n -> lost[c]++;
            case CpuEvent.Fault f -> fault[c] = "%s at %s (0x%x) t=%dns: %s"
                    .formatted(f.kind(), f.where(), f.pc(), f.time(), f.detail());
        }
    }
}
