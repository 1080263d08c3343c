package dev.quiesce.payload.build;

import java.util.List;

/**
 * A built payload.
 *
 * @param payload          the Xen payload ELF bytes
 * @param changedFunctions the replaced functions (their {@code livepatch_func} names: global names, and
 *                         {@code file.c#name} for static functions), sorted
 * @param newFunctions     the functions the payload adds that the base build does not have, by their
 *                         names in the payload, sorted
 * @param report           a human-readable account: per object, what changed and why, what the
 *                         payload carries and what it refers to in the base image
 */
public record BuildResult(byte[] payload, List<String> changedFunctions, List<String> newFunctions, String report) {

    public BuildResult {
        payload = payload.clone();
        changedFunctions = List.copyOf(changedFunctions);
        newFunctions = List.copyOf(newFunctions);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
