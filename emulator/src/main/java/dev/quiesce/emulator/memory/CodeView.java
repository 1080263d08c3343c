package dev.quiesce.emulator.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One CPU's view of guest memory under a stale-fetch {@link XmcModel}: a mapping of the whole guest memory in which
 * only the pages holding code this CPU has not yet observed are private copies (the bytes it last observed), mapped
 * at the same guest addresses, so its engine fetches them; every other page is the shared memory itself. A
 * {@link #refresh()} at the CPU's serialising event points those pages back at shared memory and drops the engine's
 * translations of them (under {@link XmcModel#ARM}: only once every store on the page was maintained; until then it
 * copies in the maintained bytes alone).
 *
 * <p>Touched by its CPU during a quantum and by {@link CodeViews} at quantum boundaries, never both at once.
 */
public final class CodeView {

    /** A note that the CPU was made to observe part of a store torn ({@link XmcModel#ERRATA}). */
    public record Torn(long address, int length) {
    }

    private final CodeViews owner;
    private final MemorySegment segment;
    private final long base;
    /** Private page → the bytes it holds unless the guest stored into it (data on a code page). */
    private final TreeMap<Long, byte[]> expected = new TreeMap<>();
    private final List<Torn> torn = new ArrayList<>();
    private CodeWriteListener engine = (a, l) -> { };

    CodeView(CodeViews owner, MemorySegment segment, long base) {
        this.owner = owner;
        this.segment = segment;
        this.base = base;
    }

    /** The view's backing of a page-aligned range, for {@code uc_mem_map_ptr}. */
    public MemorySegment slice(long address, long length) {
        return segment.asSlice(address - base, length);
    }

    /** Subscribes the engine that maps this view: told which ranges it must re-translate. */
    public void attach(CodeWriteListener engineTranslations) {
        this.engine = engineTranslations;
    }

    /** What this CPU's instruction fetch sees at {@code [address, address + length)}. */
    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, address - base, out, 0, length);
        return out;
    }

    /** Pages holding code this CPU has not yet observed. */
    public int pendingPages() {
        return expected.size();
    }

    /** Whether the page of {@code address} holds code this CPU has not yet observed. */
    public boolean stale(long address) {
        return expected.containsKey(address & -GuestMemory.PAGE_SIZE);
    }

    /**
     * The CPU serialises: every private page is pointed back at shared memory (bytes the guest stored into its
     * private copy are written back first) and the engine's translations of it are dropped. Returns the refreshed
     * pages in address order. Under {@link XmcModel#ARM} (a context synchronisation event) a page holding bytes
     * stored and not yet maintained stays private: only its maintained bytes are observed ({@link #observeMaintained});
     * it is returned if that changed what the CPU fetches.
     */
    public long[] refresh() {
        if (expected.isEmpty()) {
            return new long[0];
        }
        long[] pages = new long[expected.size()];
        int i = 0;
        int shared = 0;
        for (Iterator<Map.Entry<Long, byte[]>> it = expected.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, byte[]> e = it.next();
            long page = e.getKey();
            BitSet held = owner.unmaintained(page);
            if (held != null) {
                if (observeMaintained(page, e.getValue(), held)) {
                    pages[i++] = page;
                }
                continue;
            }
            writeBack(page, e.getValue());
            owner.share(this, page);
            engine.codeWritten(page, GuestMemory.PAGE_SIZE);
            pages[i++] = page;
            it.remove();
            shared++;
        }
        owner.released(shared);
        return i == pages.length ? pages : Arrays.copyOf(pages, i);
    }

    /**
     * Under {@link XmcModel#ARM}: the bytes of private {@code page} that are not {@code held} (stored and not
     * maintained) and differ from shared memory are copied into it, so the CPU fetches them; the held ones stay as
     * it last observed them. Guest stores into the private copy where shared memory did not change stay, to be
     * written back when the page is shared again. Returns whether anything changed.
     */
    private boolean observeMaintained(long page, byte[] exp, BitSet held) {
        byte[] now = owner.shared(page);
        boolean changed = false;
        for (int b = held.nextClearBit(0); b < now.length; b = held.nextClearBit(b + 1)) {
            if (now[b] != exp[b]) {
                exp[b] = now[b];
                segment.set(ValueLayout.JAVA_BYTE, page + b - base, now[b]);
                changed = true;
            }
        }
        if (changed) {
            engine.codeWritten(page, GuestMemory.PAGE_SIZE);
        }
        return changed;
    }

    /** Notes of torn observations since the last call, in order. */
    public List<Torn> drainTorn() {
        if (torn.isEmpty()) {
            return List.of();
        }
        List<Torn> out = List.copyOf(torn);
        torn.clear();
        return out;
    }

    MemorySegment segment() {
        return segment;
    }

    /** Makes the page private with {@code contents} (the shared bytes just before a code store). */
    void privatize(long page, byte[] contents) {
        owner.privatizeNative(this, page, contents);
        expected.put(page, contents);
    }

    /** Copies {@code [address, +length)} of shared memory into this view's private pages it overlaps. */
    void follow(long address, long length, MemorySegment shared) {
        for (long p = address & -GuestMemory.PAGE_SIZE; p < address + length; p += GuestMemory.PAGE_SIZE) {
            byte[] exp = expected.get(p);
            if (exp == null) {
                continue;
            }
            long from = Math.max(address, p);
            long to = Math.min(address + length, p + GuestMemory.PAGE_SIZE);
            MemorySegment.copy(shared, from - base, segment, from - base, to - from);
            MemorySegment.copy(shared, ValueLayout.JAVA_BYTE, from - base, exp, (int) (from - p), (int) (to - from));
        }
    }

    /** Errata: the part {@code [address, +length)} of a store becomes visible to this CPU now. */
    void observeTorn(long address, int length, MemorySegment shared) {
        follow(address, length, shared);
        torn.add(new Torn(address, length));
        engine.codeWritten(address, length);
    }

    /** Its private pages now: what each should hold, what each holds, and the torn notes not yet drained. */
    CodeViewsImage.View save() {
        TreeMap<Long, byte[]> bytes = new TreeMap<>();
        for (long page : expected.keySet()) {
            bytes.put(page, read(page, (int) GuestMemory.PAGE_SIZE));
        }
        return new CodeViewsImage.View(CodeViewsImage.copy(expected), bytes, List.copyOf(torn));
    }

    /**
     * Puts back what {@link #save()} returned, at a quantum boundary after shared memory was put back: a page private
     * now and not then is pointed back at shared memory (no write-back: shared memory is as it was then); a page
     * private then is private again with the bytes it held. The engine drops its translations of every page whose
     * fetched bytes this may change (all but those private both now and then with the same bytes).
     */
    void restore(CodeViewsImage.View saved) {
        TreeSet<Long> pages = new TreeSet<>(expected.keySet());
        pages.addAll(saved.expected().keySet());
        for (long page : pages) {
            byte[] then = saved.bytes().get(page);
            if (then == null) {
                owner.share(this, page);
            } else if (!expected.containsKey(page)) {
                owner.privatizeNative(this, page, then);
            } else if (Arrays.equals(read(page, (int) GuestMemory.PAGE_SIZE), then)) {
                continue;
            } else {
                MemorySegment.copy(then, 0, segment, ValueLayout.JAVA_BYTE, page - base, then.length);
            }
            engine.codeWritten(page, GuestMemory.PAGE_SIZE);
        }
        expected.clear();
        expected.putAll(CodeViewsImage.copy(saved.expected()));
        torn.clear();
        torn.addAll(saved.torn());
    }

    private void writeBack(long page, byte[] exp) {
        byte[] now = read(page, (int) GuestMemory.PAGE_SIZE);
        for (int b = 0; b < now.length; b++) {
            if (now[b] != exp[b]) { // a guest store into its private copy (data sharing a page with code)
                owner.writeBack(page + b, now[b]);
            }
        }
    }
}
