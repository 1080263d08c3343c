package dev.quiesce.calibrate;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.random.SeedStream;
import dev.quiesce.fleet.model.CpuModel;
import dev.quiesce.fleet.model.ModelledHost;
import dev.quiesce.scenario.Scenario;

import java.util.Collections;
import java.util.List;

/**
 * A scenario's first action on a modelled host instead of its emulated one: as many CPUs, all of one calibrated
 * class, the same protocol, quantum, request (time, timeout, NMI policy, CPU), retry policy and stragglers, up to the
 * scenario's duration. What a calibration is checked with: its success rate against the emulated host's.
 */
public final class ModelledRun {

    private ModelledRun() {
    }

    /** Every attempt's outcome of {@code s}'s first action on a host of {@code model} CPUs, seeded by {@code s}. */
    public static List<ApplyOutcome> apply(Scenario s, CpuModel model) {
        if (s.actions().isEmpty()) {
            throw new IllegalArgumentException("scenario " + s.name() + " has no action to apply");
        }
        ModelledHost host = new ModelledHost(Collections.nCopies(s.host().cpus(), model),
                SeedStream.root(s.seed()).child("modelled-host", 0), s.protocol(), s.host().quantumNs(),
                s.host().cpu().spinPollNs());
        return host.apply(s.actions().getFirst(), s.retry(), s.stragglers(), s.durationNs());
    }

    /** Whether {@code outcomes}' first attempt got through (done, rc 0). */
    public static boolean firstAttemptSucceeded(List<ApplyOutcome> outcomes) {
        return !outcomes.isEmpty() && outcomes.getFirst().result() == ApplyResult.DONE && outcomes.getFirst().rc() == 0;
    }
}
