package dev.quiesce.coordinator.oracle;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.splice.registry.PayloadState;
import dev.quiesce.splice.registry.PayloadStatus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every payload state change is one Xen allows (docs/xen-livepatch.md §1.13, {@code livepatch_action()} and
 * {@code livepatch_do_action()}, xen/common/livepatch.c): only an action changes a state, and only its own
 * payloads' (a protocol that replays stores after the registry's work sees the state change before the action
 * finishes); APPLY takes its
 * payload CHECKED→APPLIED exactly when rc is 0; REVERT APPLIED→CHECKED exactly when rc is 0; REPLACE leaves the new
 * payload APPLIED and no other applied when rc is 0; a timeout or abort changes no state; and no payload is left
 * with rc -EAGAIN once its action is over.
 */
public final class RegistryTransitionsLegal implements Oracle {

    private final Map<String, PayloadState> last = new HashMap<>();
    private final Map<String, PayloadState> atIssue = new HashMap<>();
    private boolean checkedQuiet;

    /** True: reads the registry, which only the simulator writes. */
    @Override
    public boolean eventsOnlyBeforeFirstAction() {
        return true;
    }

    @Override
    public String name() {
        return "RegistryTransitionsLegal";
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
    }

    @Override
    public void issued(OracleView view) {
        atIssue.clear();
        for (PayloadStatus p : view.registry().list()) {
            atIssue.put(p.name(), p.state());
        }
    }

    @Override
    public void afterBoundary(OracleView view, List<Violation> out) {
        // only actions change states: once a quiet boundary was checked, later quiet ones need no registry read
        boolean quiet = view.finished().isEmpty() && view.watched().isEmpty();
        if (quiet && checkedQuiet) {
            return;
        }
        checkedQuiet = quiet;
        List<PayloadStatus> now = view.registry().list();
        java.util.Set<String> acting = new java.util.HashSet<>();
        view.watched().forEach(s -> acting.add(s.payload()));
        if (view.finished().isEmpty()) {
            for (PayloadStatus p : now) {
                PayloadState was = last.get(p.name());
                if (was != null && was != p.state() && !acting.contains(p.name())) {
                    out.add(violation(view, p.name() + " went " + was + "→" + p.state() + " with no action finishing"));
                    return;
                }
            }
        }
        for (ApplyOutcome o : view.finished()) {
            String name = o.request().payload();
            PayloadStatus p = now.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
            if (p == null || o.result() == ApplyResult.REFUSED) {
                continue;
            }
            PayloadState was = atIssue.getOrDefault(name, last.getOrDefault(name, p.state()));
            String bad = switch (o.request().action()) {
                case APPLY -> expect(was, p.state(), o.rc() == 0 && !o.retryable() && was == PayloadState.CHECKED
                        ? PayloadState.APPLIED : was);
                case REVERT -> expect(was, p.state(), o.rc() == 0 && !o.retryable() && was == PayloadState.APPLIED
                        ? PayloadState.CHECKED : was);
                case REPLACE -> o.rc() == 0 && !o.retryable() && (p.state() != PayloadState.APPLIED
                        || !view.registry().appliedStack().equals(List.of(name)))
                        ? "REPLACE succeeded but the applied stack is " + view.registry().appliedStack() : null;
                default -> null;
            };
            if (bad == null && p.pending()) {
                bad = "rc is still -EAGAIN after the action finished";
            }
            if (bad != null) {
                out.add(violation(view, "%s of '%s' (%s, rc %d): %s".formatted(o.request().action(), name,
                        o.result().label(), o.rc(), bad)));
                return;
            }
        }
        last.clear();
        for (PayloadStatus p : now) {
            last.put(p.name(), p.state());
        }
    }

    private static String expect(PayloadState was, PayloadState is, PayloadState want) {
        return is == want ? null : "went %s→%s, Xen goes %s→%s".formatted(was, is, was, want);
    }

    private Violation violation(OracleView view, String message) {
        return new Violation(name(), view.nowNs(), -1, message);
    }
}
