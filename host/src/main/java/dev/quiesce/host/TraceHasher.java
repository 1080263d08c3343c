package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The trace hash: SHA-256 over a header naming the encoding and its {@link CanonicalEncoder#VERSION}, then the
 * canonical encoding of every event in trace order, each framed by its length as a varint. CPU events are encoded by
 * {@link CpuEventEncoding}; a coordinator's events arrive already encoded ({@link #addEncoded}). Two runs have the same
 * hash exactly when they produced the same events; no field name or message text reaches it.
 */
public final class TraceHasher {

    /** The first bytes hashed: the encoding's name; its version follows as a varint. */
    static final String HEADER = "quiesce-trace";

    private MessageDigest digest; // not final: a host snapshot (dev.quiesce.host.fork) puts a copy back
    private final CanonicalEncoder record = new CanonicalEncoder();
    private final CanonicalEncoder frame = new CanonicalEncoder();
    private long events;

    public TraceHasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        digest.update(HEADER.getBytes(StandardCharsets.US_ASCII));
        frame.reset().varint(CanonicalEncoder.VERSION);
        digest.update(frame.buffer(), 0, frame.size());
    }

    /** Adds one CPU event. */
    public void add(CpuEvent e) {
        update(CpuEventEncoding.encode(e, record.reset()));
        events++;
    }

    /**
     * Adds {@code events} CPU events already encoded and framed as {@link #add} would frame them, in trace order:
     * {@code length} bytes of {@code framed} ({@link FramedEvents}). The hash is the same as adding them one by one.
     */
    public void addFramed(byte[] framed, int length, int events) {
        digest.update(framed, 0, length);
        this.events += events;
    }

    /**
     * Adds an event that is not a CPU's (a coordinator's step), given as its canonical encoding (a tag of 0x20 or
     * above, then its fields, written with a {@link CanonicalEncoder}); counted as an event.
     */
    public void addEncoded(byte[] canonical) {
        frame.reset().varint(canonical.length);
        digest.update(frame.buffer(), 0, frame.size());
        digest.update(canonical);
        events++;
    }

    /** Adds a per-CPU counter that is not an event (instructions retired at the end). */
    public void addCounter(int cpu, long value) {
        update(CpuEventEncoding.retired(cpu, value, record.reset()));
    }

    /** Events added so far. */
    public long events() {
        return events;
    }

    /** The hash as lowercase hex; ends the hasher. */
    public String finish() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private void update(CanonicalEncoder r) {
        frame.reset().varint(r.size());
        digest.update(frame.buffer(), 0, frame.size());
        digest.update(r.buffer(), 0, r.size());
    }
}
