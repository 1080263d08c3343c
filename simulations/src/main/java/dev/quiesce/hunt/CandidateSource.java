package dev.quiesce.hunt;

/**
 * The candidates of one hunt strategy. Candidate {@code i} depends only on the hunt seed, the strategy, the
 * probe and {@code i} (its own {@link dev.quiesce.random.SeedStream} child), never on which candidates ran
 * before, so a hunt gives the same answer with any number of threads.
 */
public interface CandidateSource {

    /** Candidate {@code index} (1.. for strategies whose candidate 0 is the probe). */
    Candidate candidate(int index);
}
