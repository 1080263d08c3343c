package dev.quiesce.hunt;

import dev.quiesce.host.InterruptSettings.Injection;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.random.DetRandom;
import dev.quiesce.random.SeedStream;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.seed.Seed;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Strategy#PCT} candidates, after Coyote's {@code prioritization} strategy (probabilistic concurrency
 * testing, Burckhardt et al., ASPLOS'10): a new seed, and at {@code depth} instants drawn uniformly from the action
 * window the probe measured (as PCT draws its priority-change points from the step count of earlier runs) an
 * interrupt, NMI or IRQ with equal odds, on a random CPU. The interrupt preempts whatever that CPU was doing: the
 * emulator's nearest thing to a priority change.
 */
public final class PctPlacements implements CandidateSource {

    private final Scenario base;
    private final ProtocolTimes times;
    private final SeedStream stream;
    private final int depth;

    /** Candidates around {@code times}' window of {@code base}, {@code depth} interrupts each. */
    public PctPlacements(Scenario base, ProtocolTimes times, SeedStream stream, int depth) {
        if (depth < 1 || depth > 64) {
            throw new IllegalArgumentException("--depth must be 1..64, not " + depth);
        }
        this.base = base;
        this.times = times;
        this.stream = stream;
        this.depth = depth;
    }

    @Override
    public Candidate candidate(int index) {
        DetRandom r = stream.child("candidate", index).random();
        long seed = r.nextLong() & 0xffff_ffffL;
        long span = times.windowEnd() - times.windowStart() + 1;
        List<Injection> added = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            long at = Math.min(base.durationNs(), times.windowStart() + r.nextLong(span));
            int cpu = (int) r.nextLong(base.host().cpus());
            added.add(new Injection(cpu, at, r.nextLong(2) == 0 ? InterruptKind.NMI : InterruptKind.IRQ));
        }
        return Placement.candidate(base, index, List.of("seed=" + Overrides.seedValue(seed)), added,
                "seed " + Seed.format(seed));
    }
}
