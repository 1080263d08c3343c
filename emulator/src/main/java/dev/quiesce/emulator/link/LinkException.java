package dev.quiesce.emulator.link;

import java.io.Serial;

/**
 * A failure to link objects into an image (duplicate or undefined symbol, unsupported relocation,
 * relocation overflow, unsupported input), with a message that says what to change.
 */
public final class LinkException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public LinkException(String message) {
        super(message);
    }
}
