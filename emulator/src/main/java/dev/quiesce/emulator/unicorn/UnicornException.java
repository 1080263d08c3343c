package dev.quiesce.emulator.unicorn;

/**
 * A Unicorn call failed (not a guest fault: those are returned as {@link RunResult}s).
 */
public final class UnicornException extends RuntimeException {
    private final UcError error;

    public UnicornException(String call, UcError error) {
        super(call + " failed: " + error);
        this.error = error;
    }

    /** The Unicorn error code. */
    public UcError error() {
        return error;
    }
}
