package dev.quiesce.hunt;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;

import java.util.ArrayList;
import java.util.List;

/**
 * One replay: a scenario re-run and compared with what was expected of it, its trace hash and (for a replay file)
 * its violation; {@link #differences()} is empty when everything matched.
 *
 * @param result      the re-run
 * @param differences one sentence per mismatch ({@code trace hash differs: expected … got …})
 */
public record ReplayCheck(ScenarioResult result, List<String> differences) {

    public ReplayCheck {
        differences = List.copyOf(differences);
    }

    /** Whether the trace hash (and the violation, if checked) matched. */
    public boolean matches() {
        return differences.isEmpty();
    }

    /** Re-runs {@code s} and compares its trace hash with {@code expectedHash}. */
    public static ReplayCheck hash(Scenario s, String expectedHash) {
        ScenarioResult r = ScenarioRunner.run(s, false);
        List<String> out = new ArrayList<>();
        compareHash(r, expectedHash, out);
        return new ReplayCheck(r, out);
    }

    /** Re-runs {@code f}'s scenario and compares the violation (oracle and message) and the trace hash. */
    public static ReplayCheck file(ReplayFile f) {
        ScenarioResult r = ScenarioRunner.run(f.scenario(), false);
        List<String> out = new ArrayList<>();
        Violation v = r.violations().isEmpty() ? null : r.violations().getFirst();
        String got = v == null ? "none" : v.oracle() + ": " + ReplayFile.oneLine(v.message());
        String expected = f.oracle() == null ? "none" : f.oracle() + ": " + f.message();
        if (!got.equals(expected)) { // the expected text comes from the file: printed escaped
            out.add("violation differs: expected " + dev.quiesce.text.Untrusted.show(expected, 1000) + " got " + got);
        }
        compareHash(r, f.traceHash(), out);
        return new ReplayCheck(r, out);
    }

    private static void compareHash(ScenarioResult r, String expected, List<String> out) {
        String got = r.report().traceHash();
        if (!got.equalsIgnoreCase(expected.strip())) {
            out.add("trace hash differs: expected " + expected.strip() + " got " + got);
        }
    }
}
