package dev.quiesce.payload.build;

import dev.quiesce.elf.BuildId;

import java.util.Objects;
import java.util.Optional;

/**
 * How to build a payload.
 *
 * @param name       the payload's name: 1 to 127 characters of {@code [A-Za-z0-9_-]} (livepatch-build's
 *                   rule; Xen's {@code XEN_LIVEPATCH_NAME_SIZE} is 128 with the terminating NUL)
 * @param depends    the build-id the payload applies on top of ({@code .livepatch.depends}): the base
 *                   image's, or the payload below it in the stack
 * @param xenDepends the hypervisor's build-id ({@code .livepatch.xen_depends}); empty writes none
 * @param expect     whether each function entry expects the old function's first bytes
 *                   ({@code livepatch_expectation_t}, checked by Xen at apply)
 */
public record BuildOptions(String name, BuildId depends, Optional<BuildId> xenDepends, boolean expect) {

    public BuildOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(depends, "depends");
        Objects.requireNonNull(xenDepends, "xenDepends");
        if (!name.matches("[A-Za-z0-9_-]{1,127}")) {
            throw new IllegalArgumentException(("payload name '%s' is not 1 to 127 characters of letters, digits, '_' and '-'"
                    + " (livepatch-build's rule): choose a name like xsa123_fix").formatted(name));
        }
    }
}
