package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.protocol.RendezvousEventEncoding;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.splice.registry.LivepatchRegistry;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * The record of one host's apply attempts: the attempt in progress (its request, when it was issued, where its
 * console lines start and its rendezvous events) and the outcomes finished so far, in order.
 */
final class AttemptLog {

    private final int cpus;
    private final List<ApplyOutcome> outcomes = new ArrayList<>();
    private final List<ApplyOutcome> finishedNow = new ArrayList<>();
    private final List<RendezvousEvent> events = new ArrayList<>();
    private final BitSet stopped = new BitSet();
    private ApplyRequest current;
    private long issuedNs;
    private int consoleMark;

    AttemptLog(int cpus) {
        this.cpus = cpus;
    }

    /** A new boundary: no outcome finished at it yet. */
    void startBoundary() {
        finishedNow.clear();
    }

    /** Whether an attempt is in progress. */
    boolean inProgress() {
        return current != null;
    }

    /** The outcomes finished so far, in order. */
    List<ApplyOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The outcomes finished at this boundary. */
    List<ApplyOutcome> finishedNow() {
        return List.copyOf(finishedNow);
    }

    /** The registry refused a hypercall: its outcome, finished at once. */
    void refused(ApplyOutcome o) {
        outcomes.add(o);
        finishedNow.add(o);
    }

    /** The registry accepted {@code r} at {@code nowNs}; its console lines start at {@code mark}. */
    void begin(ApplyRequest r, long nowNs, int mark) {
        current = r;
        issuedNs = nowNs;
        consoleMark = mark;
        events.clear();
        stopped.clear();
    }

    /** Notes the CPUs that stopped for a stop_machine in the quantum, while an attempt is in progress. */
    void noteCpuEvents(List<CpuEvent> quantum) {
        if (current == null) {
            return;
        }
        for (CpuEvent e : quantum) {
            if (e instanceof CpuEvent.Stopped s) {
                stopped.set(s.cpu());
            }
        }
    }

    /** The CPUs that stopped for a stop_machine during the attempt in progress. */
    BitSet stopped() {
        return (BitSet) stopped.clone();
    }

    /** Adds the protocol's events to the attempt and notes each in the trace. */
    void note(List<RendezvousEvent> emitted, HostLockstep lockstep) {
        for (RendezvousEvent e : emitted) {
            lockstep.note(RendezvousEventEncoding.encode(e));
        }
        events.addAll(emitted);
    }

    /**
     * The attempt finished: its outcome from the payload's rc and the console lines since it was issued, with the
     * CPUs it waited for in vain as {@code late} finds them.
     */
    ApplyOutcome finish(LivepatchRegistry registry, Function<ApplyOutcome, List<LateCpu>> late) {
        int rc = registry.get(current.payload()).rc();
        List<String> console = registry.console();
        String message = String.join("; ", console.subList(Math.min(consoleMark, console.size()), console.size()));
        ApplyOutcome o = ApplyOutcome.of(current, cpus, issuedNs, rc, message, events);
        o = o.withLate(late.apply(o));
        outcomes.add(o);
        finishedNow.add(o);
        current = null;
        return o;
    }

    /** The run ended on {@code oracle} at {@code nowNs}: keeps what the unfinished attempt did, if any, for reports. */
    void cutShort(long nowNs, String oracle, LivepatchRegistry registry) {
        if (current == null) {
            return;
        }
        events.add(new RendezvousEvent.RunEnded(nowNs, oracle));
        outcomes.add(ApplyOutcome.of(current, cpus, issuedNs, registry.get(current.payload()).rc(),
                "the run ended on " + oracle + " before the attempt finished", events));
    }
}
