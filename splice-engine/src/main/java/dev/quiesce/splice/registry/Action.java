package dev.quiesce.splice.registry;

import java.util.Optional;

/**
 * A {@code XEN_SYSCTL_LIVEPATCH_ACTION} command with its number (Xen: {@code LIVEPATCH_ACTION_*} in
 * xen/include/public/sysctl.h).
 */
public enum Action {
    /** Free a CHECKED payload ({@code LIVEPATCH_ACTION_UNLOAD}). */
    UNLOAD(1),
    /** Take the top payload off the stack ({@code LIVEPATCH_ACTION_REVERT}). */
    REVERT(2),
    /** Push a CHECKED payload onto the stack ({@code LIVEPATCH_ACTION_APPLY}). */
    APPLY(3),
    /** Revert the whole stack and apply this payload, in one window ({@code LIVEPATCH_ACTION_REPLACE}). */
    REPLACE(4);

    /** {@code LIVEPATCH_ACTION_APPLY_NODEPS}: APPLY skips the {@code .livepatch.depends} check. */
    public static final int NODEPS = 1;

    private final int number;

    Action(int number) {
        this.number = number;
    }

    /** The command's number in the sysctl ABI. */
    public int number() {
        return number;
    }

    /** The command with this number, or empty (Xen answers an unknown command with -EOPNOTSUPP). */
    public static Optional<Action> of(int number) {
        for (Action a : values()) {
            if (a.number == number) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
