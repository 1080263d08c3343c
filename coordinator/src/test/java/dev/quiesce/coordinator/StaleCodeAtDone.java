package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.Oracle;
import dev.quiesce.coordinator.oracle.OracleView;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.emulator.memory.CodeViews;

import java.util.List;

/** A test probe, not a claim: how many CPUs still fetch stale code at the boundary where an action is reported done. */
final class StaleCodeAtDone implements Oracle {

    private int staleCpus = -1;

    @Override
    public String name() {
        return "StaleCodeAtDone";
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
    }

    @Override
    public void finishedAtIssue(OracleView view) {
        afterBoundary(view, new java.util.ArrayList<>());
    }

    @Override
    public void afterBoundary(OracleView view, List<Violation> out) {
        if (view.finished().stream().noneMatch(o -> o.result() == ApplyResult.DONE)) {
            return;
        }
        CodeViews views = view.memory().codeViews();
        staleCpus = 0;
        for (int c = 0; views != null && c < view.cpus(); c++) {
            staleCpus += views.view(c).pendingPages() > 0 ? 1 : 0;
        }
    }

    /** CPUs with pending stale code when the last action was reported done; -1 if none was. */
    int staleCpus() {
        return staleCpus;
    }
}
