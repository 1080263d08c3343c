package dev.quiesce.sweep;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.scenario.ScenarioResult;

import java.util.ArrayList;
import java.util.List;

/**
 * One sweep run reduced to what the point's statistics need. An action is the caller's first hypercall and its
 * retries; it succeeded on the first attempt if that one was {@code done} with rc 0, and overall if its last was.
 *
 * @param actions    the scenario's actions (issued or not: one never issued is a failure)
 * @param firstOk    actions that succeeded on their first attempt
 * @param overallOk  actions that succeeded on their last attempt
 * @param attempts   per issued action, its attempts
 * @param applyNs    per action that succeeded overall (and was released): from its first hypercall to the release
 *                   of its last attempt
 * @param pauseNs    per attempt, per CPU that disabled its IRQs: the IRQs-off pause up to the release
 * @param lostNmis   NMIs lost inside every attempt's window, summed
 * @param violation  the oracle violation ({@code Violation.toString()}), or null
 * @param replay     the command line that replays this run
 */
public record RunSummary(int actions, int firstOk, int overallOk, int[] attempts, long[] applyNs, long[] pauseNs,
                         long lostNmis, String violation, String replay) {

    /** Reduces {@code r}. */
    public static RunSummary of(ScenarioResult r) {
        List<List<ApplyOutcome>> chains = chains(r.outcomes());
        int first = 0;
        int overall = 0;
        int[] attempts = new int[chains.size()];
        List<Long> apply = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            List<ApplyOutcome> c = chains.get(i);
            attempts[i] = c.size();
            if (ok(c.getFirst())) {
                first++;
            }
            if (ok(c.getLast())) {
                overall++;
                if (c.getLast().releasedNs() >= 0) {
                    apply.add(c.getLast().releasedNs() - c.getFirst().issuedNs());
                }
            }
        }
        List<Long> pauses = new ArrayList<>();
        long lost = 0;
        for (ApplyOutcome o : r.outcomes()) {
            for (int cpu = 0; cpu < o.irqsOffNs().length; cpu++) {
                long p = o.irqsOffPauseNs(cpu);
                if (p >= 0) {
                    pauses.add(p);
                }
            }
            lost += o.totalLostNmis();
        }
        return new RunSummary(r.scenario().actions().size(), first, overall, attempts,
                apply.stream().mapToLong(Long::longValue).toArray(),
                pauses.stream().mapToLong(Long::longValue).toArray(),
                lost, r.violated() ? r.violations().getFirst().toString() : null, r.scenario().replayLine());
    }

    /** Whether an oracle was violated. */
    public boolean violated() {
        return violation != null;
    }

    private static boolean ok(ApplyOutcome o) {
        return o.result() == ApplyResult.DONE && o.rc() == 0;
    }

    /**
     * Groups attempts into actions, in order: attempt 1 opens an action; attempt k joins the earliest open action of
     * the same payload, action and CPU whose last attempt was k-1 (retries may interleave with other actions).
     */
    static List<List<ApplyOutcome>> chains(List<ApplyOutcome> outcomes) {
        List<List<ApplyOutcome>> chains = new ArrayList<>();
        for (ApplyOutcome o : outcomes) {
            ApplyRequest q = o.request();
            List<ApplyOutcome> into = null;
            if (q.attempt() > 1) {
                for (List<ApplyOutcome> c : chains) {
                    ApplyRequest last = c.getLast().request();
                    if (c.getLast().retryable() && last.attempt() == q.attempt() - 1
                            && last.payload().equals(q.payload())
                            && last.action() == q.action() && last.cpu() == q.cpu()) {
                        into = c;
                        break;
                    }
                }
            }
            if (into == null) {
                into = new ArrayList<>();
                chains.add(into);
            }
            into.add(o);
        }
        return chains;
    }
}
