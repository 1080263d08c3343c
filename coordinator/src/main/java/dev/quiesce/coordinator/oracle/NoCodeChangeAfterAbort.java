package dev.quiesce.coordinator.oracle;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.splice.registry.ActionSite;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An action that timed out or was aborted changed no code: every site it would have changed holds the bytes it
 * held when the action was issued (Xen's abort path in {@code livepatch_spin()}, xen/common/livepatch.c: -EBUSY and
 * "nothing changed", docs/xen-livepatch.md §4.5).
 */
public final class NoCodeChangeAfterAbort implements Oracle {

    private final Map<Long, byte[]> before = new LinkedHashMap<>();

    /** True: judges only when an action finished. */
    @Override
    public boolean eventsOnlyBeforeFirstAction() {
        return true;
    }

    @Override
    public String name() {
        return "NoCodeChangeAfterAbort";
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
    }

    @Override
    public void issued(OracleView view) {
        before.clear();
        for (ActionSite s : view.watched()) {
            before.put(s.site().oldAddr(), view.memory().read(s.site().oldAddr(), view.arch().patchJumpSize()));
        }
    }

    @Override
    public void afterBoundary(OracleView view, List<Violation> out) {
        for (ApplyOutcome o : view.finished()) {
            if (!o.retryable()) {
                continue;
            }
            for (Map.Entry<Long, byte[]> e : before.entrySet()) {
                if (!Arrays.equals(view.memory().read(e.getKey(), view.arch().patchJumpSize()), e.getValue())) {
                    out.add(new Violation(name(), view.nowNs(), -1, "%s of '%s' ended %s (rc %d) but %s changed"
                            .formatted(o.request().action(), o.request().payload(), o.result().label(), o.rc(),
                                    view.symbolizer().apply(e.getKey()))));
                    return;
                }
            }
        }
    }
}
