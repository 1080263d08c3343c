package dev.quiesce.splice.registry;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.HookKind;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.SavedSite;
import dev.quiesce.splice.SpliceException;
import java.util.List;
import java.util.Locale;

/**
 * Applies and reverts one payload inside the quiesced window (Xen: the APPLY and REVERT arms of
 * {@code livepatch_do_action()}, {@code apply_payload()}, {@code revert_payload()}, {@code apply_payload_tail()},
 * {@code revert_payload_tail()} and {@code was_action_consistent()} in xen/common/livepatch.c).
 *
 * <p>An enabled action hook replaces the native path. This guest's action hooks return {@code void}
 * (guest/src/main/payloads/livepatch.h) where Xen's return an int, so the outcome is read from the markers the hook
 * leaves: all APPLIED after an apply hook (all NOT_APPLIED after a revert hook) is success, rc 0; the markers left
 * as they were is failure, rc -EINVAL — what Xen's test hooks return when they mark nothing; a mix is Xen's panic,
 * a {@link LivepatchPanic}. The native path runs load hooks, splices every site through the
 * {@link dev.quiesce.splice.SpliceEngine} ({@link Granularity#WHOLE_SITE}, one {@code memcpy} per site) and marks
 * the functions; a revert unsplices, unmarks and runs the unload hooks. A hook that faults fails the action with
 * -EFAULT and nothing half-done: markers are restored, and a revert whose unload hook faults splices the payload
 * back in.
 */
final class Patcher {

    private final RegistryState s;

    Patcher(RegistryState s) {
        this.s = s;
    }

    /** Applies {@code p}; on success pushes it onto the stack and marks it APPLIED. Returns the rc. */
    int apply(LoadedPayload p) {
        int rc;
        if (p.hook(HookKind.APPLY) != 0) {
            s.log(p.name + ": Calling apply action hook function");
            rc = actionHook(p, HookKind.APPLY, FuncStates.APPLIED);
        } else {
            rc = applyPayload(p);
        }
        consistent(p, rc == 0 ? FuncStates.APPLIED : FuncStates.NOT_APPLIED, "applied");
        if (rc == 0) {
            s.applied.add(p);
            p.state = PayloadState.APPLIED;
        }
        return rc;
    }

    /** Reverts {@code p}; on success pops it, marks it CHECKED and {@code reverted}. Returns the rc. */
    int revert(LoadedPayload p) {
        int rc;
        if (p.hook(HookKind.REVERT) != 0) {
            s.log(p.name + ": Calling revert action hook function");
            rc = actionHook(p, HookKind.REVERT, FuncStates.NOT_APPLIED);
        } else {
            rc = revertPayload(p);
        }
        consistent(p, rc == 0 ? FuncStates.NOT_APPLIED : FuncStates.APPLIED, "reverted");
        if (rc == 0) {
            s.applied.remove(p);
            p.reverted = true;
            p.state = PayloadState.CHECKED;
        }
        return rc;
    }

    private int actionHook(LoadedPayload p, HookKind kind, int goal) {
        FuncStates fs = p.funcStates;
        byte[] before = fs.snapshot();
        try {
            s.hooks.runSingle(p, kind);
        } catch (HookFault f) {
            fs.restore(before);
            return fault(p, f);
        }
        if (fs.all(goal)) {
            return 0;
        }
        if (fs.all(goal == FuncStates.APPLIED ? FuncStates.NOT_APPLIED : FuncStates.APPLIED)) {
            p.detail = "the %s action hook of '%s' left every function %s: the action failed (rc -EINVAL)"
                    .formatted(kind.name().toLowerCase(Locale.ROOT), p.name,
                            goal == FuncStates.APPLIED ? "unapplied" : "applied");
            return Errno.EINVAL.negated();
        }
        return 0;
    }

    private int applyPayload(LoadedPayload p) {
        s.log("%s: Applying %d functions".formatted(p.name, p.sites.size()));
        try {
            s.hooks.runArray(p, HookKind.LOAD);
        } catch (HookFault f) {
            return fault(p, f);
        }
        if (!p.sites.isEmpty()) {
            try {
                s.engine.apply(p.name, p.sites, Granularity.WHOLE_SITE, s.host.storeListener());
            } catch (SpliceException e) {
                p.detail = e.getMessage();
                return e.errno().negated();
            }
            List<SavedSite> saved = s.engine.saved(p.name);
            for (int i = 0; i < p.sites.size(); i++) {
                SavedSite site = saved.get(i);
                p.funcStates.markApplied(i, (int) (site.address() - p.sites.get(i).oldAddr()), site.undo());
            }
        }
        if (!p.payload.modinfo().isEmpty()) {
            s.log("module metadata: " + String.join(" ", p.payload.modinfo()));
        }
        return 0;
    }

    private int revertPayload(LoadedPayload p) {
        s.log(p.name + ": Reverting");
        boolean spliced = !p.sites.isEmpty() && s.engine.isApplied(p.name);
        byte[] before = p.funcStates.snapshot();
        if (spliced) {
            try {
                s.engine.revert(p.name, Granularity.WHOLE_SITE, s.host.storeListener());
            } catch (SpliceException e) {
                p.detail = e.getMessage();
                return e.errno().negated();
            }
        }
        p.funcStates.setAll(FuncStates.NOT_APPLIED);
        try {
            s.hooks.runArray(p, HookKind.UNLOAD);
        } catch (HookFault f) {
            if (spliced) {
                s.engine.apply(p.name, p.sites, Granularity.WHOLE_SITE, s.host.storeListener());
            }
            p.funcStates.restore(before);
            return fault(p, f);
        }
        return 0;
    }

    private int fault(LoadedPayload p, HookFault f) {
        p.detail = f.getMessage();
        s.log(p.name + ": " + f.getMessage());
        return HookFault.ERRNO.negated();
    }

    /** {@code was_action_consistent()}: every marker must be {@code expected}, or the host panics. */
    private void consistent(LoadedPayload p, int expected, String what) {
        if (!p.funcStates.all(expected)) {
            s.log("%s: Payload has a function with inconsistent applied state.".formatted(p.name));
            throw new LivepatchPanic(p.name, "livepatch: partially %s payload '%s'! (Xen panics here: the payload's"
                    .formatted(what, p.name) + " action hook marked some functions and not others; fix the hook)");
        }
    }
}
