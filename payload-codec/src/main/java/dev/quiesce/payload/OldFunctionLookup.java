package dev.quiesce.payload;

import java.util.Optional;

/**
 * The symbol lookup {@link PayloadValidator} resolves old functions with: Xen's own symbol table first, then the
 * new symbols of loaded payloads (Xen: {@code resolve_old_address()} in xen/common/livepatch.c).
 */
@FunctionalInterface
public interface OldFunctionLookup {

    /** The function named {@code name}, if the image or a loaded payload defines one. */
    Optional<OldFunction> lookup(String name);

    /**
     * The function starting at {@code address}, for entries whose {@code old_addr} was fixed at build time; by
     * default none, and the validator then reads the first bytes from the function found by name, if it starts
     * there.
     */
    default Optional<OldFunction> at(long address) {
        return Optional.empty();
    }
}
