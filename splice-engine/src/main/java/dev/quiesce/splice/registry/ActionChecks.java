package dev.quiesce.splice.registry;

import dev.quiesce.elf.BuildId;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.HookKind;
import dev.quiesce.splice.SpliceException;

/**
 * The synchronous part of APPLY, REVERT and REPLACE, in Xen's order (Xen: the arms of {@code livepatch_action()},
 * {@code build_id_dep()} and {@code schedule_work()} in xen/common/livepatch.c). Each arm acts only in its state
 * ({@code if (state == X)} with no {@code else}): otherwise it returns 0 and leaves rc alone.
 */
final class ActionChecks {

    private final RegistryState s;
    private final ActionExecutor executor;

    ActionChecks(RegistryState s, ActionExecutor executor) {
        this.s = s;
        this.executor = executor;
    }

    XenResult check(LoadedPayload data, Action cmd, int flags, long timeoutNs) {
        return switch (cmd) {
            case REVERT -> data.state == PayloadState.APPLIED ? revert(data, timeoutNs) : wrongState(data, cmd);
            case APPLY -> data.state == PayloadState.CHECKED ? apply(data, flags, timeoutNs) : wrongState(data, cmd);
            case REPLACE -> data.state == PayloadState.CHECKED ? replace(data, timeoutNs) : wrongState(data, cmd);
            case UNLOAD -> throw new IllegalArgumentException("UNLOAD has no deferred part");
        };
    }

    private XenResult revert(LoadedPayload data, long timeoutNs) {
        LoadedPayload top = s.top().orElseThrow();
        if (top != data) {
            s.log("%s: can't unload. Top is %s".formatted(data.name, top.name));
            return XenResult.error(Errno.EBUSY, ("can't unload. Top is %s: payloads come off the stack in reverse"
                    + " apply order — revert '%s' first").formatted(top.name, top.name));
        }
        XenResult veto = preHook(data, HookKind.PREREVERT, "pre-revert");
        return veto != null ? veto : schedule(data, Action.REVERT, timeoutNs);
    }

    private XenResult apply(LoadedPayload data, int flags, long timeoutNs) {
        if (data.reverted && !data.safeToReapply) {
            s.log(data.name + ": can't revert as payload has .data. Please unload");
            data.rc = Errno.EINVAL.negated();
            data.detail = ("can't revert as payload has .data. Please unload: '%s' was reverted and its data may not be"
                    + " pristine; unload it and upload it again").formatted(data.name);
            return XenResult.ok("APPLY refused through rc (-EINVAL): " + data.detail);
        }
        if ((flags & Action.NODEPS) == 0) {
            XenResult dep = buildIdDep(data, s.applied.isEmpty());
            if (dep != null) {
                return dep;
            }
        }
        try {
            s.engine.checkExpectations(data.sites);
        } catch (SpliceException e) {
            s.log("%s: expectations failed (rc=%d), aborting!".formatted(data.name, e.errno().negated()));
            return XenResult.error(e.errno(), "expectation failed for '%s': %s".formatted(data.name, e.getMessage()));
        }
        XenResult veto = preHook(data, HookKind.PREAPPLY, "pre-apply");
        return veto != null ? veto : schedule(data, Action.APPLY, timeoutNs);
    }

    private XenResult replace(LoadedPayload data, long timeoutNs) {
        XenResult dep = buildIdDep(data, true);
        if (dep != null) {
            return dep;
        }
        if (data.vetoing() || s.applied.stream().anyMatch(LoadedPayload::vetoing)) {
            s.log(data.name + ": REPLACE action is not supported on livepatches with vetoing hooks!");
            return XenResult.error(Errno.EOPNOTSUPP, ("REPLACE is not supported when the payload or an applied one"
                    + " has pre/post hooks: revert and apply one by one instead"));
        }
        return schedule(data, Action.REPLACE, timeoutNs);
    }

    /** {@code build_id_dep()}: depends must equal the image's build-id, or the top payload's (-EINVAL). */
    private XenResult buildIdDep(LoadedPayload data, boolean againstImage) {
        BuildId expected = againstImage ? s.host.image().buildId() : s.top().orElseThrow().payload.buildId();
        String against = againstImage ? "hypervisor" : s.top().orElseThrow().name;
        if (data.payload.depends().equals(expected)) {
            return null;
        }
        s.log("%s: check against %s build-id failed".formatted(data.name, against));
        return XenResult.error(Errno.EINVAL, ("%s: check against %s build-id failed: it depends on build-id %s, not"
                + " %s's %s; apply the payload it was built on first, or use --nodeps").formatted(data.name, against,
                data.payload.depends().hex(), against, expected.hex()));
    }

    /** Runs a pre hook; a non-zero return (or a fault, -EFAULT) vetoes: stored in rc and returned. */
    private XenResult preHook(LoadedPayload data, HookKind kind, String label) {
        if (data.hook(kind) == 0) {
            return null;
        }
        s.log("%s: Calling %s hook function".formatted(data.name, label));
        int rc;
        String detail = null;
        try {
            rc = s.hooks.runSingle(data, kind);
        } catch (HookFault f) {
            rc = HookFault.ERRNO.negated();
            detail = f.getMessage();
        }
        if (rc == 0) {
            return null;
        }
        s.log("%s: %s hook failed (rc=%d), aborting!".formatted(data.name, label, rc));
        data.rc = rc;
        data.detail = detail != null ? detail : "the %s hook of '%s' vetoed the action with %d".formatted(label,
                data.name, rc);
        return new XenResult(rc, "%s hook failed (rc=%d), aborting: %s — the payload refuses the action now; see its"
                .formatted(label, rc, data.detail) + " hook for the condition, then retry");
    }

    /** {@code data->rc = -EAGAIN; schedule_work()}: one outstanding action per host (-EBUSY, rc stays -EAGAIN). */
    private XenResult schedule(LoadedPayload data, Action cmd, long timeoutNs) {
        data.rc = Errno.EAGAIN.negated();
        data.detail = "";
        if (s.outstanding != null) {
            return XenResult.error(Errno.EBUSY, ("%s of '%s' is still outstanding: wait until it finishes and retry"
                    + " ('%s' now shows a stale rc -EAGAIN)").formatted(s.outstanding.action(),
                    s.outstanding.payload(), data.name));
        }
        if (!executor.cpuMapsAvailable()) {
            s.log(data.name + ": unable to get cpu_maps lock!");
            return XenResult.error(Errno.EBUSY, "a CPU hotplug operation holds the CPU maps: retry later ('%s' now"
                    .formatted(data.name) + " shows a stale rc -EAGAIN)");
        }
        QuiescedWork work = new QuiescedWork(s, data, cmd, timeoutNs);
        s.outstanding = work;
        s.log("%s: timeout is %dns".formatted(data.name, timeoutNs));
        executor.schedule(work);
        return XenResult.ok("%s of '%s' scheduled; its outcome appears in the payload's rc".formatted(cmd, data.name));
    }

    private static XenResult wrongState(LoadedPayload data, Action cmd) {
        return XenResult.ok(("no action: '%s' is %s and %s acts only on a %s payload (Xen returns 0 and leaves rc"
                + " unchanged)").formatted(data.name, data.state, cmd, cmd == Action.REVERT ? "APPLIED" : "CHECKED"));
    }
}
