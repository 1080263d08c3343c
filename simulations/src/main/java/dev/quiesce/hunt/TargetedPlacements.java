package dev.quiesce.hunt;

import dev.quiesce.host.InterruptSettings.Injection;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.random.DetRandom;
import dev.quiesce.random.SeedStream;
import dev.quiesce.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Strategy#TARGETED} candidates: the scenario with its own seed and one to three interrupts (NMIs
 * mostly) aimed just before the protocol events of the probe, on random CPUs. Most aim at a store of the plan:
 * 0..{@value #STORE_LEAD_NS} ns before it, because an NMI handler takes ~10-40 ns (40-160 instructions at 0.25 ns)
 * to reach the patched function, and a plan's stores are {@code store.spacing} apart, so the shot lands before or
 * between two stores. The others aim at a deadline (within {@value #DEADLINE_EPSILON_NS} ns before it), a CPU
 * disabling its IRQs or the action (within {@value #EVENT_LEAD_NS} ns before), or anywhere in the action window.
 */
public final class TargetedPlacements implements CandidateSource {

    /** Widest lead before a store. */
    static final long STORE_LEAD_NS = 60;
    /** Widest lead before a deadline. */
    static final long DEADLINE_EPSILON_NS = 2_000;
    /** Widest lead before an IRQs-off or an action. */
    static final long EVENT_LEAD_NS = 200;

    private final Scenario base;
    private final ProtocolTimes times;
    private final SeedStream stream;
    private final List<Long> deadlines;

    /** Candidates aimed at {@code times} of {@code base}. */
    public TargetedPlacements(Scenario base, ProtocolTimes times, SeedStream stream) {
        this.base = base;
        this.times = times;
        this.stream = stream;
        this.deadlines = times.deadlines().stream().filter(d -> d <= base.durationNs()).toList();
    }

    @Override
    public Candidate candidate(int index) {
        DetRandom r = stream.child("candidate", index).random();
        int shots = 1 + (int) r.nextLong(3);
        List<Injection> added = new ArrayList<>();
        for (int i = 0; i < shots; i++) {
            int cpu = (int) r.nextLong(base.host().cpus());
            InterruptKind kind = r.nextDouble() < 0.85 ? InterruptKind.NMI : InterruptKind.IRQ;
            long at = Math.clamp(aim(r), 0, base.durationNs());
            added.add(new Injection(cpu, at, kind));
        }
        return Placement.candidate(base, index, List.of(), added, "");
    }

    /** An instant: a store (weight 70), a deadline, an IRQs-off, an action (10 each), the window (5). */
    private long aim(DetRandom r) {
        List<List<Long>> events = List.of(times.stores(), deadlines, times.irqsOff(), times.actions());
        int[] weights = {70, 10, 10, 10};
        long[] leads = {STORE_LEAD_NS, DEADLINE_EPSILON_NS, EVENT_LEAD_NS, EVENT_LEAD_NS};
        int total = 5;
        for (int i = 0; i < events.size(); i++) {
            total += events.get(i).isEmpty() ? 0 : weights[i];
        }
        long pick = r.nextLong(total);
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).isEmpty()) {
                continue;
            }
            if (pick < weights[i]) {
                List<Long> at = events.get(i);
                return at.get((int) r.nextLong(at.size())) - r.nextLong(leads[i] + 1);
            }
            pick -= weights[i];
        }
        return times.windowStart() + r.nextLong(times.windowEnd() - times.windowStart() + 1);
    }
}
