package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;

import java.util.Arrays;
import java.util.List;

/**
 * One CPU's events of a quantum, already in the bytes the trace hash takes (each event's {@link CpuEventEncoding}
 * record framed by its length as a varint, as {@link TraceHasher} frames it), with each event's time, sequence
 * number, CPU id and what the host counts of it ({@link #kind}) beside them. A CPU fills it on its own thread while
 * the others still run (docs/architecture.md §4), so the host's serial step between quanta only merges and copies
 * bytes. Reusable: {@link #clear()} and add the next quantum's events.
 */
public final class FramedEvents {

    /** What the host counts of an event ({@link #kind}): nothing. */
    static final byte OTHER = 0;
    /** A quiescence point. */
    static final byte QUIESCENCE = 1;
    /** An IRQ's entry. */
    static final byte IRQ = 2;
    /** An NMI's entry. */
    static final byte NMI = 3;
    /** A machine check's entry. */
    static final byte MCE = 4;
    /** A lost or swallowed interrupt. */
    static final byte LOST = 5;
    /** A fault. */
    static final byte FAULT = 6;

    private final CanonicalEncoder record = new CanonicalEncoder();
    private byte[] bytes = new byte[256];
    private int size;
    private int[] ends = new int[16];
    private long[] times = new long[16];
    private long[] seqs = new long[16];
    private int[] cpus = new int[16];
    private byte[] kinds = new byte[16];
    private int count;
    private boolean disordered; // some event came before the one added ahead of it
    private int onlyCpu = -1; // the CPU of every event, or -2 when they are several CPUs'

    /** Forgets every event. */
    public FramedEvents clear() {
        size = 0;
        count = 0;
        disordered = false;
        onlyCpu = -1;
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
        slot(e.time(), e.seq(), e.cpu(), kindOf(e));
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
            slot(other.times[i], other.seqs[i], other.cpus[i], other.kinds[i]);
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

    /** What the host counts of event {@code i}: {@link #OTHER}, {@link #QUIESCENCE}, … {@link #FAULT}. */
    byte kind(int i) {
        return kinds[i];
    }

    /** Whether the events are in trace order, {@code (time, seq)} ascending (a CPU's own events always are). */
    boolean inOrder() {
        return !disordered;
    }

    /** Whether every event is CPU {@code cpu}'s. */
    boolean allOf(int cpu) {
        return count == 0 || onlyCpu == cpu;
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

    private void slot(long time, long seq, int cpu, byte kind) {
        if (count == ends.length) {
            int n = count * 2;
            ends = Arrays.copyOf(ends, n);
            times = Arrays.copyOf(times, n);
            seqs = Arrays.copyOf(seqs, n);
            cpus = Arrays.copyOf(cpus, n);
            kinds = Arrays.copyOf(kinds, n);
        }
        if (count > 0 && (time < times[count - 1] || time == times[count - 1] && seq <= seqs[count - 1])) {
            disordered = true;
        }
        onlyCpu = onlyCpu == -1 || onlyCpu == cpu ? cpu : -2;
        ends[count] = size;
        times[count] = time;
        seqs[count] = seq;
        cpus[count] = cpu;
        kinds[count] = kind;
        count++;
    }

    private static byte kindOf(CpuEvent e) {
        return switch (e) {
            case CpuEvent.Quiescence q -> QUIESCENCE;
            case CpuEvent.InterruptEntry i -> switch (i.kind()) {
                case IRQ -> IRQ;
                case NMI -> NMI;
                case MCE -> MCE;
            };
            case CpuEvent.InterruptLost i -> LOST;
            case CpuEvent.NmiSwallowed n -> LOST;
            case CpuEvent.Fault f -> FAULT;
            case CpuEvent.InterruptExit i -> OTHER;
            case CpuEvent.IrqsOff o -> OTHER;
            case CpuEvent.Probe p -> OTHER;
            case CpuEvent.Int3Emulated t -> OTHER;
            case CpuEvent.Stopped t -> OTHER;
            case CpuEvent.CodeRefreshed r -> OTHER;
            case CpuEvent.CodeTorn t -> OTHER;
        };
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
