package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.protocol.RendezvousEvent.WordWritten;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.guest.GuestLayout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rendezvous words: named 64-bit words of a protocol's rendezvous state (an arrival counter, a release flag,
 * per-CPU work flags, a callback pointer) kept in guest memory at the symbol {@value GuestLayout#RENDEZVOUS_SYMBOL},
 * and read and written on behalf of a CPU at an instant under a deterministic, x86-TSO-like memory model
 * (docs/protocol-api.md §7):
 * <ul>
 *   <li>operations come in the order the protocol performs them, which is the order of its events,
 *       {@code (time, cpu, seq)}; an operation at an instant earlier than the previous one is refused;</li>
 *   <li>a plain {@link #store} goes into the CPU's store buffer: that CPU's own loads see it at once (store
 *       forwarding, Intel SDM vol. 3A §9.2.3.5), every other CPU from the boundary that ends the protocol's step
 *       ({@link #publish}, which the host calls after every step); buffered stores reach memory in the order they were
 *       made (§9.2.2: writes are not reordered with other writes);</li>
 *   <li>an atomic read-modify-write ({@link #fetchAdd}, {@link #exchange}, {@link #compareExchange}) is a locked
 *       instruction: it first drains its CPU's store buffer, then reads and writes memory at its instant, visible to
 *       every CPU at once; locked operations have one total order, the order performed (§9.1.2, §9.2.3.8, §9.2.3.9);</li>
 *   <li>a {@link #load} returns the CPU's own latest buffered store to the word, else the value in memory.</li>
 * </ul>
 * Every write is a {@link WordWritten} event in the trace. The step runs on one thread between quanta, so the
 * outcome depends on the seed only, never on the number of threads.
 */
public final class SharedWords {

    /** A named word: its index among the words and its guest address (0 without a machine). */
    public record Word(String name, int index, long address) {
    }

    private record Buffered(int cpu, Word word, long value) {
    }

    private final int cpus;
    private final GuestMemory memory;
    private final long base;
    private final long[] detached;
    private final List<Word> words = new ArrayList<>();
    private final Map<String, Word> byName = new HashMap<>();
    private final List<Buffered> buffered = new ArrayList<>();
    private long last = Long.MIN_VALUE;

    private SharedWords(int cpus, GuestMemory memory, long base) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be positive");
        }
        this.cpus = cpus;
        this.memory = memory;
        this.base = base;
        this.detached = memory == null ? new long[GuestLayout.RENDEZVOUS_WORDS] : null;
    }

    /** The words of a host: {@code memory} at {@code base} (the guest's {@code quiesce_rendezvous}). */
    public static SharedWords inGuest(int cpus, GuestMemory memory, long base) {
        Objects.requireNonNull(memory, "memory");
        if (base == 0 || !memory.contains(base, GuestLayout.RENDEZVOUS_SIZE)) {
            throw new IllegalArgumentException("no rendezvous words at 0x" + Long.toHexString(base));
        }
        return new SharedWords(cpus, memory, base);
    }

    /** Words without a machine (a detached context): the same model over a Java array. */
    public static SharedWords detached(int cpus) {
        return new SharedWords(cpus, null, 0);
    }

    /** The word named {@code name}, allocated at the next free index on first use. */
    public Word word(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a rendezvous word needs a name");
        }
        Word w = byName.get(name);
        if (w == null) {
            if (words.size() == GuestLayout.RENDEZVOUS_WORDS) {
                throw new IllegalStateException("no room for rendezvous word '" + name + "': all "
                        + GuestLayout.RENDEZVOUS_WORDS + " are named");
            }
            int i = words.size();
            w = new Word(name, i, memory == null ? 0 : base + 8L * i);
            words.add(w);
            byName.put(name, w);
        }
        return w;
    }

    /** The words named so far, in index order. */
    public List<Word> words() {
        return List.copyOf(words);
    }

    /** What {@code cpu} reads from {@code w} at {@code time}: its own latest buffered store, else memory. */
    public long load(int cpu, long time, Word w) {
        at(cpu, time, w);
        for (int i = buffered.size() - 1; i >= 0; i--) {
            Buffered b = buffered.get(i);
            if (b.cpu() == cpu && b.word().equals(w)) {
                return b.value();
            }
        }
        return get(w);
    }

    /** A plain store by {@code cpu} at {@code time}: seen by {@code cpu} at once, by the others from {@link #publish}. */
    public void store(int cpu, long time, Word w, long value, List<RendezvousEvent> out) {
        at(cpu, time, w);
        buffered.add(new Buffered(cpu, w, value));
        out.add(new WordWritten(time, cpu, w.name(), value, WordWritten.Kind.STORE));
    }

    /** {@code lock xadd}: adds {@code delta} at {@code time}, visible to every CPU at once; returns the old value. */
    public long fetchAdd(int cpu, long time, Word w, long delta, List<RendezvousEvent> out) {
        long old = locked(cpu, time, w, out);
        atomic(cpu, time, w, old + delta, out);
        return old;
    }

    /** {@code xchg}: writes {@code value} at {@code time}, visible to every CPU at once; returns the old value. */
    public long exchange(int cpu, long time, Word w, long value, List<RendezvousEvent> out) {
        long old = locked(cpu, time, w, out);
        atomic(cpu, time, w, value, out);
        return old;
    }

    /**
     * {@code lock cmpxchg}: writes {@code value} if the word holds {@code expected}, visible to every CPU at once;
     * returns the value it found (a failed one drains the store buffer too, and writes nothing the trace shows).
     */
    public long compareExchange(int cpu, long time, Word w, long expected, long value, List<RendezvousEvent> out) {
        long old = locked(cpu, time, w, out);
        if (old == expected) {
            atomic(cpu, time, w, value, out);
        }
        return old;
    }

    /**
     * The boundary {@code nowNs} that ends a protocol's step: every buffered store reaches memory, in the order made,
     * and is seen by every CPU from now on. The host calls it after every step; calling it twice changes nothing.
     */
    public void publish(long nowNs, List<RendezvousEvent> out) {
        if (nowNs < last) {
            throw new IllegalStateException("rendezvous words published at t=%dns after an operation at t=%dns"
                    .formatted(nowNs, last));
        }
        last = nowNs;
        for (Buffered b : buffered) {
            set(b.word(), b.value());
            out.add(new WordWritten(nowNs, b.cpu(), b.word().name(), b.value(), WordWritten.Kind.PUBLISHED));
        }
        buffered.clear();
    }

    /** Whether a store waits in some CPU's store buffer. */
    public boolean buffering() {
        return !buffered.isEmpty();
    }

    /** The value of {@code w} in memory, as every CPU without a buffered store to it sees it (no operation). */
    public long peek(Word w) {
        return get(w);
    }

    private long locked(int cpu, long time, Word w, List<RendezvousEvent> out) {
        at(cpu, time, w);
        for (int i = 0; i < buffered.size(); ) {
            Buffered b = buffered.get(i);
            if (b.cpu() == cpu) {
                set(b.word(), b.value());
                out.add(new WordWritten(time, cpu, b.word().name(), b.value(), WordWritten.Kind.PUBLISHED));
                buffered.remove(i);
            } else {
                i++;
            }
        }
        return get(w);
    }

    private void atomic(int cpu, long time, Word w, long value, List<RendezvousEvent> out) {
        set(w, value);
        out.add(new WordWritten(time, cpu, w.name(), value, WordWritten.Kind.ATOMIC));
    }

    private void at(int cpu, long time, Word w) {
        if (cpu < 0 || cpu >= cpus) {
            throw new IllegalArgumentException("no cpu " + cpu);
        }
        if (w.index() >= words.size() || !words.get(w.index()).equals(w)) {
            throw new IllegalArgumentException("not a word of these rendezvous words: " + w);
        }
        if (time < last) {
            throw new IllegalStateException(("rendezvous word '%s': an operation at t=%dns after one at t=%dns;"
                    + " operations come in (time, cpu) order").formatted(w.name(), time, last));
        }
        last = time;
    }

    private long get(Word w) {
        return memory == null ? detached[w.index()] : memory.readU64(w.address());
    }

    private void set(Word w, long value) {
        if (memory == null) {
            detached[w.index()] = value;
        } else {
            memory.writeU64(w.address(), value);
        }
    }
}
