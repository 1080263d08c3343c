package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.Oracle;
import dev.quiesce.coordinator.oracle.OracleView;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.host.HostProbes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The oracles of one run, checked at each boundary: what they find during a boundary is collected, and the first
 * violation of the run is kept (the run ends there).
 */
final class OracleChecks {

    private final List<Oracle> oracles;
    private final List<Violation> found = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();

    OracleChecks(List<Oracle> oracles) {
        this.oracles = List.copyOf(oracles);
    }

    /** A new boundary: forgets what the previous one found. */
    void startBoundary() {
        found.clear();
    }

    /** Every oracle checks the quantum that just ran. */
    void checkQuantum(OracleView during) {
        for (Oracle o : oracles) {
            o.check(during, found);
        }
    }

    /** Every oracle checks the host after the boundary's work. */
    void checkAfterBoundary(OracleView after) {
        for (Oracle o : oracles) {
            o.afterBoundary(after, found);
        }
    }

    /** Tells every oracle an action finished at the boundary it was issued. */
    void finishedAtIssue(OracleView view) {
        for (Oracle o : oracles) {
            o.finishedAtIssue(view);
        }
    }

    /** Tells every oracle an action was just issued. */
    void issued(OracleView view) {
        for (Oracle o : oracles) {
            o.issued(view);
        }
    }

    /** Whether an oracle still waits to judge something. */
    boolean pending() {
        for (Oracle o : oracles) {
            if (o.pending()) {
                return true;
            }
        }
        return false;
    }

    /** Whether every oracle judges from the events alone until the first action is issued. */
    boolean eventsOnlyBeforeFirstAction() {
        for (Oracle o : oracles) {
            if (!o.eventsOnlyBeforeFirstAction()) {
                return false;
            }
        }
        return true;
    }

    /** Whether any oracle needs the CPUs' unwound stacks in their next snapshots. */
    boolean wantStacks(OracleView after) {
        boolean want = false;
        for (Oracle o : oracles) {
            want |= o.wantsStacks(after);
        }
        return want;
    }

    /** The code ranges the oracles need as probes during the next quantum. */
    List<HostProbes.Range> probes(OracleView after) {
        List<HostProbes.Range> ranges = new ArrayList<>();
        for (Oracle o : oracles) {
            ranges.addAll(o.probes(after));
        }
        return ranges;
    }

    /** The boundary's first violation if it is the run's first (then kept), else empty. */
    Optional<Violation> firstOfRun() {
        if (found.isEmpty() || !violations.isEmpty()) {
            return Optional.empty();
        }
        violations.add(found.getFirst());
        return Optional.of(found.getFirst());
    }

    /** The run's violations: none, or the first. */
    List<Violation> violations() {
        return List.copyOf(violations);
    }
}
