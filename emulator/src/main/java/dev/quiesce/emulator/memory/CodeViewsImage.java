package dev.quiesce.emulator.memory;

import dev.quiesce.random.SeedStream;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of a host's {@link CodeViews} at one quantum boundary, saved by {@link CodeViews#save()} for a host
 * snapshot (docs/forking.md) and put back by {@link CodeViews#restore}: the count of code stores and the errata
 * stream (what a torn observation is drawn from), the bytes stored and not yet maintained, and per CPU what its view
 * holds privately — the bytes each private page should hold, the bytes it holds (a guest data store into its private
 * copy makes them differ) and the torn notes not yet drained. Only private pages are copied: two 4 KiB arrays each.
 * Immutable once taken.
 */
public final class CodeViewsImage {

    /** One view's private pages: page → the bytes it should hold, page → the bytes it holds, the torn notes. */
    record View(TreeMap<Long, byte[]> expected, TreeMap<Long, byte[]> bytes, List<CodeView.Torn> torn) {
    }

    private final long stores;
    private final SeedStream errata;
    private final TreeMap<Long, BitSet> unmaintained;
    private final View[] views;

    CodeViewsImage(long stores, SeedStream errata, TreeMap<Long, BitSet> unmaintained, View[] views) {
        this.stores = stores;
        this.errata = errata;
        this.unmaintained = unmaintained;
        this.views = views;
    }

    long stores() {
        return stores;
    }

    SeedStream errata() {
        return errata;
    }

    TreeMap<Long, BitSet> unmaintained() {
        return unmaintained;
    }

    View view(int cpu) {
        return views[cpu];
    }

    /** The number of views (CPUs) it was taken from. */
    public int cpus() {
        return views.length;
    }

    /** Private pages over all views when it was taken. */
    public long privatePages() {
        long n = 0;
        for (View v : views) {
            n += v.expected().size();
        }
        return n;
    }

    /** Bytes of guest memory it holds (two copies of each private page). */
    public long bytes() {
        return privatePages() * 2 * GuestMemory.PAGE_SIZE;
    }

    /** A deep copy of page → bytes, so neither side's later changes reach the other. */
    static TreeMap<Long, byte[]> copy(Map<Long, byte[]> pages) {
        TreeMap<Long, byte[]> out = new TreeMap<>();
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            out.put(e.getKey(), e.getValue().clone());
        }
        return out;
    }
}
