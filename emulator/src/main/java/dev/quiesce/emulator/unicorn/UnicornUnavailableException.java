package dev.quiesce.emulator.unicorn;

/**
 * The Unicorn library could not be loaded or is too old; the message says how to install it or
 * where to point quiesce.
 */
public final class UnicornUnavailableException extends RuntimeException {
    public UnicornUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
