package dev.quiesce.hunt;

import dev.quiesce.random.SeedStream;
import dev.quiesce.seed.Seed;

import java.util.List;

/**
 * The {@link Strategy#RANDOM} candidates: the scenario with a new 32-bit seed each, drawn from the hunt's stream
 * (so the hunt does not begin at the scenario's own seed).
 */
public final class RandomSeeds implements CandidateSource {

    private final SeedStream stream;

    /** Candidates drawn from {@code stream} (the hunt seed's {@code random} child). */
    public RandomSeeds(SeedStream stream) {
        this.stream = stream;
    }

    /** The seed of candidate {@code index} of {@code stream}: 32 bits, to keep replay lines short. */
    static long seed(SeedStream stream, int index) {
        return stream.child("seed", index).random().nextLong() & 0xffff_ffffL;
    }

    @Override
    public Candidate candidate(int index) {
        long seed = seed(stream, index);
        return new Candidate(index, List.of("seed=" + Overrides.seedValue(seed)), "seed " + Seed.format(seed));
    }
}
