package dev.quiesce.splice;

/**
 * Whether a payload's functions are all patched, none, or a mix; Xen panics on a mix
 * ({@code was_action_consistent()} in xen/common/livepatch.c: "partially applied payload"), here a mix is a
 * {@link SpliceViolation}.
 */
public enum Consistency {
    /** Every site holds the payload's bytes (or a payload stacked on top of them). */
    ALL_APPLIED,
    /** Every site holds the bytes saved before the payload was applied (or the payload has no sites). */
    NONE_APPLIED,
    /** Some sites are applied and some not, or a site holds neither: see {@link SpliceEngine#violation}. */
    MIXED
}
