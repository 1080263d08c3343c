package dev.quiesce.splice.registry;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.HookKind;
import dev.quiesce.splice.SpliceException;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry's one outstanding action (Xen: {@code livepatch_work}; {@code livepatch_do_action()} and the
 * master's tail of {@code check_for_livepatch_work()} in xen/common/livepatch.c).
 *
 * <p>REPLACE reverts the stack from the top down (LIFO), each payload's rc getting its own outcome, and stops at
 * the first failure with rc -EINVAL for the new payload; then it checks the new payload's expectations and applies
 * it. A failure after the reverts leaves nothing applied ("SYSTEM MIGHT BE INSECURE"). Post hooks run after the
 * window whether the action succeeded or failed, but not after an abort (timeout), and never for REPLACE.
 */
final class QuiescedWork implements QuiescedAction {

    private final RegistryState s;
    private final LoadedPayload data;
    private final Action cmd;
    private final long timeoutNs;
    private boolean done;
    private boolean actionDone;
    private boolean postDone;

    QuiescedWork(RegistryState s, LoadedPayload data, Action cmd, long timeoutNs) {
        this.s = s;
        this.data = data;
        this.cmd = cmd;
        this.timeoutNs = timeoutNs;
    }

    @Override
    public String payload() {
        return data.name;
    }

    @Override
    public Action action() {
        return cmd;
    }

    @Override
    public long timeoutNs() {
        return timeoutNs;
    }

    @Override
    public List<ActionSite> changing() {
        synchronized (s) {
            List<ActionSite> out = new ArrayList<>();
            switch (cmd) {
                case APPLY -> data.sites.forEach(site -> out.add(new ActionSite(data.name, site, true)));
                case REVERT -> data.sites.forEach(site -> out.add(new ActionSite(data.name, site, false)));
                case REPLACE -> {
                    for (LoadedPayload other : s.applied.reversed()) {
                        other.sites.forEach(site -> out.add(new ActionSite(other.name, site, false)));
                    }
                    data.sites.forEach(site -> out.add(new ActionSite(data.name, site, true)));
                }
                case UNLOAD -> { }
            }
            return List.copyOf(out);
        }
    }

    LoadedPayload data() {
        return data;
    }

    @Override
    public void quiesced() {
        synchronized (s) {
            begin();
            Patcher patcher = new Patcher(s);
            try {
                data.rc = switch (cmd) {
                    case APPLY -> patcher.apply(data);
                    case REVERT -> patcher.revert(data);
                    case REPLACE -> replace(patcher);
                    case UNLOAD -> throw new IllegalStateException("UNLOAD is never scheduled");
                };
                actionDone = true;
            } finally {
                s.outstanding = null;
            }
        }
    }

    @Override
    public void released() {
        synchronized (s) {
            if (!actionDone || postDone) {
                throw new IllegalStateException("released() must follow quiesced() once, for " + describe());
            }
            postDone = true;
            HookKind post = cmd == Action.APPLY ? HookKind.POSTAPPLY : cmd == Action.REVERT ? HookKind.POSTREVERT : null;
            if (post != null && data.hook(post) != 0) {
                s.log("%s: Calling %s hook function with rc=%d".formatted(data.name,
                        post == HookKind.POSTAPPLY ? "post-apply" : "post-revert", data.rc));
                try {
                    s.hooks.runSingle(data, post);
                } catch (HookFault f) {
                    data.rc = HookFault.ERRNO.negated();
                    data.detail = f.getMessage();
                    s.log(data.name + ": " + f.getMessage());
                }
            }
            finish();
        }
    }

    @Override
    public void abort(String reason) {
        synchronized (s) {
            begin();
            data.rc = Errno.EBUSY.negated();
            data.detail = "%s did not run: %s; nothing was patched — retry the action".formatted(cmd, reason);
            s.log(data.name + ": " + reason);
            s.outstanding = null;
            finish();
        }
    }

    private int replace(Patcher patcher) {
        int rc = 0;
        List<LoadedPayload> stack = new ArrayList<>(s.applied);
        for (LoadedPayload other : stack.reversed()) {
            other.rc = patcher.revert(other);
            if (other.rc != 0) {
                data.detail = "REPLACE stopped: reverting '%s' failed with rc=%d; payloads below it stay applied"
                        .formatted(other.name, other.rc);
                rc = Errno.EINVAL.negated();
                break;
            }
        }
        if (rc != 0) {
            return rc;
        }
        try {
            s.engine.checkExpectations(data.sites);
        } catch (SpliceException e) {
            s.log(data.name + ": SYSTEM MIGHT BE INSECURE: Replace action has been aborted after reverting ALL"
                    + " payloads!");
            data.detail = "%s; every payload was reverted first, so nothing is applied now (SYSTEM MIGHT BE INSECURE)"
                    .formatted(e.getMessage());
            return e.errno().negated();
        }
        return patcher.apply(data);
    }

    private void begin() {
        if (done || s.outstanding != this) {
            throw new IllegalStateException(describe() + " is not the outstanding action (already run or aborted)");
        }
        done = true;
    }

    private void finish() {
        s.log("%s finished %s with rc=%d".formatted(data.name, cmd, data.rc));
    }

    private String describe() {
        return cmd + " of '" + data.name + "'";
    }
}
