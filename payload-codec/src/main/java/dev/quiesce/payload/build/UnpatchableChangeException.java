package dev.quiesce.payload.build;

import java.util.List;

/**
 * The difference between the builds cannot be live-patched: changed data, a function too small for a
 * patch jump (x86 JMP, Arm B), changed boot-time code (create-diff-object's {@code kpatch_verify_patchability} and "too small
 * to patch"), or carried code needing a relocation Xen's x86 or Arm64 loader refuses ({@code RelocationRefusals}). Thrown
 * before any payload bytes exist. The message lists every reason, each naming the object and saying what to do.
 */
public final class UnpatchableChangeException extends RuntimeException {

    private final List<String> reasons;

    /** @param reasons one sentence per problem, in the order found */
    public UnpatchableChangeException(List<String> reasons) {
        super(message(reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** One sentence per problem. */
    public List<String> reasons() {
        return reasons;
    }

    private static String message(List<String> reasons) {
        if (reasons.size() == 1) {
            return "cannot live-patch: " + reasons.getFirst();
        }
        StringBuilder sb = new StringBuilder("cannot live-patch (%d problems):".formatted(reasons.size()));
        reasons.forEach(r -> sb.append("\n  - ").append(r));
        return sb.toString();
    }
}
