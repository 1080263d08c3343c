package dev.quiesce.fleet.model;

import dev.quiesce.payload.Errno;
import dev.quiesce.splice.registry.Action;
import dev.quiesce.splice.registry.QuiescedAction;

/**
 * A modelled host's one outstanding action: no guest memory and no registry, only its outcome — rc 0 once the
 * protocol ran it quiesced, -EBUSY when the protocol aborted it (Xen's {@code livepatch_work}, without the code).
 */
final class ModelledAction implements QuiescedAction {

    private final String payload;
    private final Action action;
    private final long timeoutNs;
    private int rc = Errno.EAGAIN.negated();
    private String message = "";

    ModelledAction(String payload, Action action, long timeoutNs) {
        this.payload = payload;
        this.action = action;
        this.timeoutNs = timeoutNs;
    }

    @Override
    public String payload() {
        return payload;
    }

    @Override
    public Action action() {
        return action;
    }

    @Override
    public long timeoutNs() {
        return timeoutNs == 0 ? 30_000_000L : timeoutNs;
    }

    @Override
    public void quiesced() {
        rc = 0;
        message = payload + " finished " + action + " with rc=0";
    }

    @Override
    public void released() {
    }

    @Override
    public void abort(String reason) {
        rc = Errno.EBUSY.negated();
        message = payload + ": " + reason;
    }

    int rc() {
        return rc;
    }

    String message() {
        return message;
    }
}
