package dev.quiesce.coordinator.protocol.plugin;

/**
 * A plug-in cannot be used: its path does not exist or is not a jar, a class it lists fails to load or is not a
 * protocol, or it takes a name already taken. The message is one line naming the path or class and what to do; the
 * command line prints it as {@code error: …} and exits with 2.
 */
public final class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A plug-in error with {@code message}. */
    public PluginException(String message) {
        super(message);
    }
}
