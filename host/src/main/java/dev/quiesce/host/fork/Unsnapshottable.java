package dev.quiesce.host.fork;

/**
 * Thrown when a run holds an object whose state a snapshot cannot see (a JDK object it does not know, a final digest):
 * the caller runs from the start instead of forking (docs/forking.md).
 */
public final class Unsnapshottable extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Why, naming the class. */
    public Unsnapshottable(String message) {
        super(message);
    }
}
