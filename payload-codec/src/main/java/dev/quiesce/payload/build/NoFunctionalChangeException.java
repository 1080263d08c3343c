package dev.quiesce.payload.build;

/**
 * The patched build's code is the same as the base build's: there is nothing to put in a payload
 * (create-diff-object exits 3, "no changed functions were found").
 */
public final class NoFunctionalChangeException extends RuntimeException {

    /** The exit status of {@code quiesce payload build} in this case, as create-diff-object's. */
    public static final int EXIT_CODE = 3;

    public NoFunctionalChangeException() {
        super("no functional change");
    }
}
