package dev.quiesce.payload.build;

/**
 * Where a relocation of carried code or data points once the payload is built: into the payload
 * itself, to a symbol of the base image the loader resolves by name, or nowhere it can.
 */
sealed interface Destination {

    /** Into a section the payload carries. */
    record Carried(int patchedSection) implements Destination {
    }

    /**
     * To a symbol the loader resolves in the running image by name (Xen:
     * {@code livepatch_elf_resolve_symbols()} → {@code symbols_lookup_by_name()}).
     *
     * @param name a global name, or {@code file.c#name} for a static symbol
     */
    record External(String name) implements Destination {
    }

    /** To an absolute symbol, copied as is. */
    record Absolute(String name, long value) implements Destination {
    }

    /** To symbol 0 (e.g. {@code R_X86_64_NONE}). */
    record Nothing() implements Destination {
    }

    /** Nowhere a payload can reach; the sentence says why and what to do. */
    record Refused(String reason) implements Destination {
    }
}
