package dev.quiesce.hunt;

import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.Scenario;

import java.util.List;

/** What runs a hunt's batches of candidates: every run from the start ({@link BatchRunner}) or forked ({@link ForkingRunner}). */
interface CandidateRunner extends AutoCloseable {

    /** Every scenario's result, in order. */
    List<ScenarioResult> run(List<Scenario> batch);

    @Override
    void close();
}
