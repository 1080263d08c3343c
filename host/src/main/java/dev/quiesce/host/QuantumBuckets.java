package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * One quantum's events held per CPU, in each CPU's own order, with their trace-hash bytes ({@link FramedEvents}), and
 * their merge into trace order {@code (time, cpu, seq)} ({@link HostLockstep#ORDER}): a CPU's own events are already
 * in {@code (time, seq)} order, so sorting keys of {@code (time, cpu, index in its list)} gives the order a full sort
 * of the events would, and the hash bytes come out in that order with it, ready for one digest update. If a CPU's
 * events are ever not in its own order (or a quantum is too large for the keys), the merge falls back to sorting the
 * events themselves (the result is the same either way; only the cost differs).
 *
 * <p>A CPU's single report of a quantum is held by reference, not copied: its list and bytes stay untouched until
 * the host sends that CPU its next quantum, after the merge. A first stage's report (rule 7, docs/architecture.md §3:
 * the CPU runs on, reusing its buffer, before the merge) is copied, and a report without bytes is encoded here.
 */
final class QuantumBuckets {

    private static final FramedEvents NONE = new FramedEvents();

    private final List<List<CpuEvent>> events = new ArrayList<>();
    private final FramedEvents[] framed;
    private final List<List<CpuEvent>> ownEvents = new ArrayList<>();
    private final FramedEvents[] ownFramed;
    private boolean foreign; // an event filed under another CPU's id: merge by sorting
    private boolean merged;
    private byte[] bytes = new byte[1024];
    private long[] keys = new long[256]; // the packed sort's keys
    private int size;

    QuantumBuckets(int cpus) {
        framed = new FramedEvents[cpus];
        ownFramed = new FramedEvents[cpus];
        for (int c = 0; c < cpus; c++) {
            events.add(List.of());
            ownEvents.add(new ArrayList<>());
            framed[c] = NONE;
            ownFramed[c] = new FramedEvents();
        }
    }

    /** Forgets the last quantum. */
    void clear() {
        for (int c = 0; c < framed.length; c++) {
            events.set(c, List.of());
            framed[c] = NONE;
        }
        foreign = false;
        size = 0;
    }

    /**
     * Files CPU {@code cpu}'s {@code list} (in its order), with its bytes {@code f} when it has them, else encodes
     * them. With {@code hold}, both are held by reference until the next {@link #clear()} (the caller leaves them
     * untouched until then); without, they are copied now (a first stage's report: the CPU runs on before the merge).
     */
    void add(int cpu, List<CpuEvent> list, FramedEvents f, boolean hold) {
        boolean withBytes = f != null && f.count() == list.size();
        if (framed[cpu] == NONE && withBytes && hold) {
            events.set(cpu, list);
            framed[cpu] = f;
        } else {
            FramedEvents own = ownFramed[cpu];
            List<CpuEvent> ownList = ownEvents.get(cpu);
            if (framed[cpu] != own) { // start the CPU's own copy with what it holds by reference
                ownList.clear();
                ownList.addAll(events.get(cpu));
                own.clear().addAll(framed[cpu]);
                events.set(cpu, ownList);
                framed[cpu] = own;
            }
            ownList.addAll(list);
            if (withBytes) {
                own.addAll(f);
            } else {
                own.addAll(list);
            }
        }
        foreign |= !framed[cpu].allOf(cpu);
    }

    /** Whether the merge put every CPU's events in its own order (else it sorted them all). */
    boolean merged() {
        return merged;
    }

    /** CPU {@code cpu}'s events, in its own order. */
    List<CpuEvent> events(int cpu) {
        return events.get(cpu);
    }

    /** CPU {@code cpu}'s events' bytes, times and kinds, in its own order. */
    FramedEvents framed(int cpu) {
        return framed[cpu];
    }

    /** Puts every event into {@code out} in trace order, and their framed bytes into {@link #bytes()}. */
    void merge(List<CpuEvent> out) {
        boolean ordered = !foreign;
        int total = 0;
        for (FramedEvents f : framed) {
            ordered &= f.inOrder();
            total += f.count();
            size += f.size();
        }
        if (bytes.length < size) {
            bytes = new byte[Math.max(size, bytes.length * 2)];
        }
        merged = ordered;
        if (!ordered) {
            sortAll(out);
            return;
        }
        if (!packedSort(out, total)) { // a quantum too large or too long for the keys: sort it whole
            merged = false;
            sortAll(out);
        }
    }

    /**
     * The merge as one sort of primitive keys {@code (time - first) << 24 | cpu << 16 | index}, which order as
     * {@code (time, cpu, seq)} does (a CPU's events are in its own order, so index order is seq order): cheaper than
     * a k-way merge over the CPUs for a quantum's few dozen events. False (nothing done) when a key cannot hold the event: more than
     * 256 CPUs, more than 65,536 events of one CPU, or times more than 2^39 ns apart.
     */
    private boolean packedSort(List<CpuEvent> out, int total) {
        if (framed.length > 256) {
            return false;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (FramedEvents f : framed) {
            if (f.count() > 0xffff) {
                return false;
            }
            if (f.count() > 0) {
                first = Math.min(first, f.time(0));
                last = Math.max(last, f.time(f.count() - 1));
            }
        }
        if (total > 0 && last - first >= 1L << 39) {
            return false;
        }
        if (keys.length < total) {
            keys = new long[Math.max(total, keys.length * 2)];
        }
        int k = 0;
        for (int c = 0; c < framed.length; c++) {
            FramedEvents f = framed[c];
            for (int i = 0; i < f.count(); i++) {
                keys[k++] = (f.time(i) - first) << 24 | (long) c << 16 | i;
            }
        }
        java.util.Arrays.sort(keys, 0, total);
        int at = 0;
        for (int j = 0; j < total; j++) {
            int c = (int) (keys[j] >>> 16) & 0xff;
            int i = (int) keys[j] & 0xffff;
            out.add(events.get(c).get(i));
            at = framed[c].copyTo(i, bytes, at);
        }
        return true;
    }

    /** The framed bytes of the merged events (valid up to {@link #size()} until the next {@link #clear()}). */
    byte[] bytes() {
        return bytes;
    }

    /** Bytes of the merged events. */
    int size() {
        return size;
    }

    private void sortAll(List<CpuEvent> out) {
        for (List<CpuEvent> l : events) {
            out.addAll(l);
        }
        out.sort(HostLockstep.ORDER);
        FramedEvents one = new FramedEvents();
        int at = 0;
        for (CpuEvent e : out) {
            at = one.clear().add(e).copyTo(0, bytes, at);
        }
        size = at;
    }
}
