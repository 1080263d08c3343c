package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;

import java.util.Arrays;
import java.util.List;

/**
 * One CPU's events of a quantum, already in the bytes the trace hash takes (each event's {@link CpuEventEncoding}
 * record framed by its length as a varint, as {@link TraceHasher} frames it), with each event's time and sequence
 * number beside them. A CPU fills it on its own thread while the others still run (docs/architecture.md §4), so the
 * host's serial step between quanta only merges and copies bytes. Reusable: {@link #clear()} and add the next
 * quantum's events.
 */
public final class FramedEvents {

    private final CanonicalEncoder record = new CanonicalEncoder();
    private byte[] bytes = new byte[256];
    private int size;
    private int[] ends = new int[16];
    private long[] times = new long[16];
    private long[] seqs = new long[16];
    private int count;

    /** Forgets every event. */
    public FramedEvents clear() {
        size = 0;
        count = 0;
        return this;
    }

    /** Appends {@code e}, encoded and framed. */
    public FramedEvents add(CpuEvent e) {
        CpuEventEncoding.encode(e, record.reset());
        int len = record.size();
        room(len + 5);
        for (long v = len; ; v >>>= 7) { // the frame: the record's length as an unsigned LEB128 varint
            if ((v & ~0x7fL) == 0) {
                bytes[size++] = (byte) v;
                break;
            }
            bytes[size++] = (byte) ((v & 0x7f) | 0x80);
        }
        System.arraycopy(record.buffer(), 0, bytes, size, len);
        size += len;
        slot(e.time(), e.seq());
        return this;
    }

    /** Appends every event of {@code events}, in their order. */
    public FramedEvents addAll(List<CpuEvent> events) {
        for (CpuEvent e : events) {
            add(e);
        }
        return this;
    }

    /** Appends the events of {@code other} (their bytes copied). */
    public FramedEvents addAll(FramedEvents other) {
        room(other.size);
        int base = size;
        System.arraycopy(other.bytes, 0, bytes, size, other.size);
        size += other.size;
        for (int i = 0; i < other.count; i++) {
            slot(other.times[i], other.seqs[i]);
            ends[count - 1] = base + other.ends[i];
        }
        return this;
    }

    /** Events held. */
    public int count() {
        return count;
    }

    /** The time of event {@code i}. */
    long time(int i) {
        return times[i];
    }

    /** The sequence number of event {@code i}. */
    long seq(int i) {
        return seqs[i];
    }

    /** Whether the events are in trace order, {@code (time, seq)} ascending (a CPU's own events always are). */
    boolean inOrder() {
        for (int i = 1; i < count; i++) {
            if (times[i] < times[i - 1] || times[i] == times[i - 1] && seqs[i] <= seqs[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Copies event {@code i}'s framed bytes to {@code out} at {@code at}; returns the position after them. */
    int copyTo(int i, byte[] out, int at) {
        int start = i == 0 ? 0 : ends[i - 1];
        int len = ends[i] - start;
        System.arraycopy(bytes, start, out, at, len);
        return at + len;
    }

    /** Bytes held. */
    int size() {
        return size;
    }

    private void slot(long time, long seq) {
        if (count == ends.length) {
            int n = count * 2;
            ends = Arrays.copyOf(ends, n);
            times = Arrays.copyOf(times, n);
            seqs = Arrays.copyOf(seqs, n);
        }
        ends[count] = size;
        times[count] = time;
        seqs[count] = seq;
        count++;
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
