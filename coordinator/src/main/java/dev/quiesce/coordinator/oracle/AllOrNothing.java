package dev.quiesce.coordinator.oracle;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.splice.PatchIsa;
import dev.quiesce.splice.PatchSite;
import dev.quiesce.splice.registry.PayloadState;
import dev.quiesce.splice.registry.PayloadStatus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Once an action is over, either every function of a payload is patched or none is — checked against memory, not
 * the registry's word: for each patched function, the payload that patches it last on the applied stack must have
 * its JMP there, and a function no applied payload patches must not jump to any uploaded payload's code (Xen's
 * {@code was_action_consistent()} and {@code apply_payload()}/{@code revert_payload()}, xen/common/livepatch.c).
 * NOP patches are not checked (their bytes are the same for any payload).
 */
public final class AllOrNothing implements Oracle {

    /** True: judges only when an action finished. */
    @Override
    public boolean eventsOnlyBeforeFirstAction() {
        return true;
    }

    @Override
    public String name() {
        return "AllOrNothing";
    }

    @Override
    public void check(OracleView view, List<Violation> out) {
    }

    @Override
    public void afterBoundary(OracleView view, List<Violation> out) {
        if (view.finished().isEmpty() || view.plan().isPresent()) {
            return;
        }
        Map<Long, String> top = new HashMap<>();
        Map<Long, Long> target = new HashMap<>();
        for (String name : view.registry().appliedStack()) {
            for (PatchSite s : view.registry().sites(name)) {
                if (!s.isNop()) {
                    top.put(s.oldAddr(), name);
                    target.put(s.oldAddr(), s.newAddr());
                }
            }
        }
        for (PayloadStatus p : view.registry().list()) {
            for (PatchSite s : view.registry().sites(p.name())) {
                if (s.isNop()) {
                    continue;
                }
                long jumpsTo = jumpTarget(view, s.oldAddr());
                Long expected = target.get(s.oldAddr());
                boolean ok = expected == null ? jumpsTo != s.newAddr() : jumpsTo == expected;
                if (!ok) {
                    ApplyOutcome last = view.finished().getLast();
                    out.add(new Violation(name(), view.nowNs(), -1, ("after %s of '%s' (rc %d), %s %s: payload '%s' is"
                            + " %s").formatted(last.request().action(), last.request().payload(), last.rc(),
                            s.function(), expected == null ? "still jumps to it" : "does not jump to '" + top.get(
                                    s.oldAddr()) + "'", p.name(), p.state() == PayloadState.APPLIED ? "APPLIED"
                                    : "not applied")));
                    return;
                }
            }
        }
    }

    /** Where the patch jump at {@code at} goes (JMP rel32, B imm26), or -1 when there is none. */
    static long jumpTarget(OracleView view, long at) {
        PatchIsa isa = PatchIsa.of(view.arch());
        return isa.jumpTarget(at, view.memory().read(at, isa.jumpSize()));
    }
}
