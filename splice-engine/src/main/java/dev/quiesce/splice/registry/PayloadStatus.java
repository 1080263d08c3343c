package dev.quiesce.splice.registry;

import dev.quiesce.elf.BuildId;
import dev.quiesce.payload.Errno;
import java.util.List;
import java.util.Objects;

/**
 * One payload as GET and LIST report it: Xen's {@code struct xen_livepatch_status} ({@code state}, {@code rc})
 * plus what a person needs to understand it (Xen: {@code livepatch_get()} / {@code livepatch_list()} and
 * {@code struct payload} in xen/common/livepatch.c).
 *
 * @param name          the payload's name
 * @param state         CHECKED or APPLIED
 * @param rc            0, -EAGAIN while an action is pending (or stale after a failed schedule), or the
 *                      negated errno (a vetoing hook's value) of the last action
 * @param reverted      whether it has been reverted since upload ({@code reverted})
 * @param safeToReapply whether it may be applied again after a revert ({@code safe_to_reapply})
 * @param buildId       its own build-id
 * @param depends       the build-id it applies on top of ({@code .livepatch.depends})
 * @param metadata      its {@code .modinfo} strings
 * @param detail        the sentence explaining the last outcome (e.g. why rc is -EFAULT); empty when none
 */
public record PayloadStatus(String name, PayloadState state, int rc, boolean reverted, boolean safeToReapply,
                            BuildId buildId, BuildId depends, List<String> metadata, String detail) {

    public PayloadStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        metadata = List.copyOf(metadata);
        Objects.requireNonNull(detail, "detail");
    }

    /** Whether an action is (or, after a failed schedule, appears) in progress: {@code rc == -EAGAIN}. */
    public boolean pending() {
        return rc == Errno.EAGAIN.negated();
    }
}
