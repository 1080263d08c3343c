package dev.quiesce.payload;

/**
 * A kind of livepatch hook, each stored in its own ELF section as pointers to functions (Xen:
 * {@code ELF_LIVEPATCH_*_HOOK(S)} in xen/include/xen/livepatch.h, assigned in {@code prepare_payload()}).
 */
public enum HookKind {
    /** Run before the functions are patched, inside the quiesced window; an array. */
    LOAD(".livepatch.hooks.load", true),
    /** Run after the functions are reverted, inside the quiesced window; an array. */
    UNLOAD(".livepatch.hooks.unload", true),
    /** Run in the APPLY hypercall before scheduling; a non-zero return vetoes. One pointer. */
    PREAPPLY(".livepatch.hooks.preapply", false),
    /** Replaces the native apply. One pointer. */
    APPLY(".livepatch.hooks.apply", false),
    /** Run after an APPLY that reached the quiesced action. One pointer. */
    POSTAPPLY(".livepatch.hooks.postapply", false),
    /** Run in the REVERT hypercall before scheduling; a non-zero return vetoes. One pointer. */
    PREREVERT(".livepatch.hooks.prerevert", false),
    /** Replaces the native revert. One pointer. */
    REVERT(".livepatch.hooks.revert", false),
    /** Run after a REVERT that reached the quiesced action. One pointer. */
    POSTREVERT(".livepatch.hooks.postrevert", false);

    private final String sectionName;
    private final boolean array;

    HookKind(String sectionName, boolean array) {
        this.sectionName = sectionName;
        this.array = array;
    }

    /** The ELF section holding this kind's pointers, e.g. {@code .livepatch.hooks.load}. */
    public String sectionName() {
        return sectionName;
    }

    /** Whether the section is an array of pointers (load, unload) rather than exactly one pointer. */
    public boolean isArray() {
        return array;
    }
}
