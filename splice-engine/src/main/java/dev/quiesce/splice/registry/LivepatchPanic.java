package dev.quiesce.splice.registry;

import java.io.Serial;

/**
 * The host would panic: after an action, a payload's functions are neither all applied nor all reverted (Xen:
 * {@code panic("livepatch: partially applied payload '%s'!")} after {@code was_action_consistent()} in
 * xen/common/livepatch.c). Thrown out of {@link QuiescedAction#quiesced()}; the simulation must stop and report
 * it as a violation.
 */
public final class LivepatchPanic extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String payload;

    /** A panic about {@code payload}, described by {@code sentence}. */
    public LivepatchPanic(String payload, String sentence) {
        super(sentence);
        this.payload = payload;
    }

    /** The payload left partially applied. */
    public String payload() {
        return payload;
    }
}
