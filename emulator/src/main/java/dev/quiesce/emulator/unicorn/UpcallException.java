package dev.quiesce.emulator.unicorn;

/**
 * A hook threw while Unicorn was running; the run was stopped and this carries the cause.
 */
public final class UpcallException extends RuntimeException {
    public UpcallException(Throwable cause) {
        super("a hook failed during emulation: " + cause, cause);
    }
}
