package dev.quiesce.scenario;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunThreadsTest {

    @Test
    void aTwoWorkerSweepOnTwoThreadsRunsEachRunsCpusOnItsWorker() {
        assertEquals(1, RunThreads.perRun(2, 2, 2));
    }

    @Test
    void aLoneRunKeepsItsScenariosThreads() {
        assertEquals(2, RunThreads.perRun(2, 1, 2));
        assertEquals(2, RunThreads.perRun(8, 1, 2), "never more than the scenario's own");
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RunThreads.perRun(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> RunThreads.perRun(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> RunThreads.perRun(1, 1, 0));
    }

    @Property(tries = 300, seed = "18")
    void runsInFlightNeverUseMoreThreadsThanTheRunnerUnlessEachHasOne(
            @ForAll @IntRange(min = 1, max = 64) int threads, @ForAll @IntRange(min = 1, max = 64) int inFlight,
            @ForAll @IntRange(min = 1, max = 64) int own) {
        int each = RunThreads.perRun(threads, inFlight, own);
        assertTrue(each >= 1 && each <= own);
        assertTrue(each == 1 || (long) each * inFlight <= threads);
        assertTrue(each == own || (long) (each + 1) * inFlight > threads, "takes every thread it may");
    }
}
