package dev.quiesce.fleet.rollout;

import dev.quiesce.host.CanonicalEncoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The fleet trace hash being computed: SHA-256 over a header naming the encoding and its
 * {@link CanonicalEncoder#VERSION}, then the canonical encoding ({@link FleetTraceEncoding}) of the rollout's start,
 * of every host outcome — fed in host-id order within each wave, so it does not depend on the order results arrived
 * in — and of every wave's decision, each framed by its length as a varint.
 */
final class FleetTrace {

    /** The first bytes hashed: the encoding's name; its version follows as a varint. */
    static final String HEADER = "quiesce-fleet-trace";

    private final MessageDigest digest;
    private final CanonicalEncoder frame = new CanonicalEncoder();

    FleetTrace() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        digest.update(HEADER.getBytes(StandardCharsets.US_ASCII));
        digest.update(frame.reset().varint(CanonicalEncoder.VERSION).toBytes());
    }

    /** Adds the rollout's start: {@code hosts} hosts, the payload {@code stack}, the planned wave sizes. */
    void start(int hosts, List<String> stack, List<Integer> waveSizes) {
        add(FleetTraceEncoding.start(hosts, stack, waveSizes));
    }

    /** Adds one host's outcome. */
    void outcome(HostOutcome o) {
        add(FleetTraceEncoding.outcome(o));
    }

    /** Adds a settled wave and the decision taken after it. */
    void wave(WaveReport w, WaveDecision d) {
        add(FleetTraceEncoding.wave(w, d));
    }

    /** The hash of the records so far, as 64 hex digits (the trace cannot be added to afterwards). */
    String finish() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private void add(byte[] record) {
        digest.update(frame.reset().varint(record.length).toBytes());
        digest.update(record);
    }
}
