package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The trace hash: SHA-256 over a canonical little-endian encoding of every event, in trace order.
 * Two runs have the same hash exactly when they produced the same events.
 */
public final class TraceHasher {

    private final MessageDigest digest;
    private final ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    private long events;

    public TraceHasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds one event. */
    public void add(CpuEvent e) {
        buf.clear();
        buf.putLong(e.time()).putInt(e.cpu()).putLong(e.seq());
        switch (e) {
            case CpuEvent.Quiescence q -> buf.put((byte) 1).putLong(q.pc());
            case CpuEvent.InterruptEntry i -> buf.put((byte) 2).put((byte) i.kind().ordinal()).putInt(i.vector())
                    .putLong(i.interruptedPc()).putLong(i.interruptedFlags());
            case CpuEvent.InterruptExit i -> buf.put((byte) 3).put((byte) i.kind().ordinal()).putInt(i.vector());
            case CpuEvent.InterruptLost i -> buf.put((byte) 4).put((byte) i.kind().ordinal()).putInt(i.vector());
            case CpuEvent.IrqsOff o -> buf.put((byte) 6);
            case CpuEvent.NmiSwallowed n -> buf.put((byte) 7).putInt(n.vector());
            case CpuEvent.Probe p -> buf.put((byte) 8).putLong(p.pc()).putInt(p.size())
                    .put((byte) ((p.nmi() ? 1 : 0) | (p.irq() ? 2 : 0)));
            case CpuEvent.Int3Emulated t -> buf.put((byte) 9).putLong(t.pc()).putLong(t.target());
            case CpuEvent.Stopped s -> {
                long[] stack = s.stack();
                int n = Math.min(stack.length, 16);
                buf.put((byte) 10).putInt(stack.length);
                for (int i = 0; i < n; i++) {
                    buf.putLong(stack[i]);
                }
            }
            case CpuEvent.Fault f -> {
                buf.put((byte) 5).put((byte) f.kind().ordinal()).putLong(f.pc());
                byte[] detail = f.detail().getBytes(StandardCharsets.UTF_8);
                buf.putInt(detail.length).put(detail, 0, Math.min(detail.length, 128));
            }
        }
        digest.update(buf.array(), 0, buf.position());
        events++;
    }

    /**
     * Adds an event that is not a CPU's (a coordinator's step) by its canonical text, e.g. a record's
     * {@code toString()}; counted as an event.
     */
    public void addNote(String canonical) {
        digest.update((byte) 0x10);
        byte[] b = canonical.getBytes(StandardCharsets.UTF_8);
        buf.clear();
        buf.putInt(b.length);
        digest.update(buf.array(), 0, buf.position());
        digest.update(b);
        events++;
    }

    /** Adds a per-CPU counter that is not an event (instructions retired at the end). */
    public void addCounter(int cpu, long value) {
        buf.clear();
        buf.put((byte) 0x7f).putInt(cpu).putLong(value);
        digest.update(buf.array(), 0, buf.position());
    }

    /** Events added so far. */
    public long events() {
        return events;
    }

    /** The hash as lowercase hex; ends the hasher. */
    public String finish() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
