package dev.quiesce.fleet.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fleet trace hash being computed: SHA-256 over one line per wave decision and per host outcome, fed in
 * host-id order within each wave, so it does not depend on the order results arrived in.
 */
final class FleetTrace {

    private final MessageDigest digest;

    FleetTrace() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Adds one line. */
    void line(String line) {
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }

    /** The hash of the lines so far, as 64 hex digits (the trace cannot be added to afterwards). */
    String finish() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
