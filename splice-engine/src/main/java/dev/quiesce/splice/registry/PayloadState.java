package dev.quiesce.splice.registry;

/**
 * The state of an uploaded payload; Xen has exactly these two (Xen: {@code LIVEPATCH_STATE_*} in
 * xen/include/public/sysctl.h).
 */
public enum PayloadState {
    /** Uploaded and checked, or reverted: not on the stack. */
    CHECKED(1),
    /** On the {@code applied_list} stack. */
    APPLIED(2);

    private final int number;

    PayloadState(int number) {
        this.number = number;
    }

    /** The state's number in the sysctl ABI. */
    public int number() {
        return number;
    }
}
