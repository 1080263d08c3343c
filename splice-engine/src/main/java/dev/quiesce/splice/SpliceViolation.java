package dev.quiesce.splice;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A payload whose functions are neither all patched nor all unpatched: where Xen panics with "partially applied
 * payload" ({@code was_action_consistent()} in xen/common/livepatch.c), the simulator records this violation.
 *
 * @param payload the payload's name
 * @param sites   every site of the payload and what memory shows there
 */
public record SpliceViolation(String payload, List<SiteState> sites) {

    public SpliceViolation {
        Objects.requireNonNull(payload, "payload");
        sites = List.copyOf(sites);
    }

    /** A sentence for a report, naming each site's state. */
    public String message() {
        return "payload '%s' is partially applied (Xen would panic): %s".formatted(payload,
                sites.stream().map(SiteState::toString).collect(Collectors.joining(", ")));
    }
}
