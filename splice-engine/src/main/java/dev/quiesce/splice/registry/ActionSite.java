package dev.quiesce.splice.registry;

import dev.quiesce.splice.PatchSite;

import java.util.Objects;

/**
 * A function an action changes: a site of a payload and whether the action applies it (the old function stops
 * being used) or reverts it (the new one does). What a stack check looks for on every CPU's stack (kpatch's
 * {@code kpatch_verify_activeness_safety()}: old functions on apply, new ones on revert).
 *
 * @param payload  the payload the site belongs to
 * @param site     the resolved site
 * @param applying true when the action applies it, false when it reverts it
 */
public record ActionSite(String payload, PatchSite site, boolean applying) {

    public ActionSite {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(site, "site");
    }

    /** The start of the code that stops being used: the old function on apply, the new one on revert. */
    public long leavingStart() {
        return applying ? site.oldAddr() : site.newAddr();
    }

    /** The size of {@link #leavingStart()}'s function (0 for a revert of a NOP patch). */
    public long leavingSize() {
        return applying ? site.oldSize() : site.isNop() ? 0 : site.newSize();
    }
}
