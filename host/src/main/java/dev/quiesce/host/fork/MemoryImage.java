package dev.quiesce.host.fork;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Region;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of one host's guest memory — the shared memory and every CPU's private per-CPU data — taken once per
 * snapshot and put back by compare-and-copy-back: a restore compares page by page and copies only the pages that
 * differ, so a fork costs a read of the memory and a write of what the run changed, never a fresh copy
 * (docs/forking.md). It reports the executable bytes it changed, whose translations every engine must drop.
 */
final class MemoryImage implements AutoCloseable {

    private static final long PAGE = GuestMemory.PAGE_SIZE;

    private final Arena arena = Arena.ofShared();
    private final List<MemorySegment> live = new ArrayList<>();
    private final List<MemorySegment> saved = new ArrayList<>();
    private final List<Long> addresses = new ArrayList<>();
    private final long[] executable;

    /** Copies {@code memory} and the private copies of {@code privateRegions} (contiguous) of CPUs 1..cpus-1. */
    MemoryImage(GuestMemory memory, List<Region> privateRegions, int cpus) {
        add(memory.segment(), memory.base());
        if (!privateRegions.isEmpty()) {
            long start = privateRegions.getFirst().address();
            long length = privateRegions.getLast().end() - start;
            for (int c = 1; c < cpus; c++) {
                add(memory.backing(c, start, length), -1); // never executable
            }
        }
        this.executable = memory.regions().stream().filter(r -> r.protection().executable())
                .flatMapToLong(r -> java.util.stream.LongStream.of(r.address(), r.end())).toArray();
    }

    private void add(MemorySegment segment, long address) {
        MemorySegment copy = arena.allocate(segment.byteSize(), PAGE);
        MemorySegment.copy(segment, 0, copy, 0, segment.byteSize());
        live.add(segment);
        saved.add(copy);
        addresses.add(address);
    }

    /** Bytes held by this copy. */
    long bytes() {
        return saved.stream().mapToLong(MemorySegment::byteSize).sum();
    }

    /**
     * Puts the memory back as it was copied; returns the guest ranges {@code {address, length}} of executable memory
     * whose bytes it changed.
     */
    List<long[]> restore() {
        List<long[]> code = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            MemorySegment now = live.get(i);
            MemorySegment was = saved.get(i);
            long base = addresses.get(i);
            long size = now.byteSize();
            for (long off = 0; off < size; off += PAGE) {
                long n = Math.min(PAGE, size - off);
                if (MemorySegment.mismatch(now, off, off + n, was, off, off + n) < 0) {
                    continue;
                }
                if (base >= 0 && executable(base + off, n)) {
                    changedRanges(now, was, off, off + n, base, code);
                }
                MemorySegment.copy(was, off, now, off, n);
            }
        }
        return code;
    }

    /**
     * Adds the guest ranges where {@code now} and {@code was} differ inside {@code [from, to)}: only the translations
     * of bytes that change are dropped, so the rest of a code page stays translated (a fork restores a patch site,
     * not the page around it).
     */
    private static void changedRanges(MemorySegment now, MemorySegment was, long from, long to, long base,
                                      List<long[]> out) {
        long at = from;
        while (at < to) {
            long d = MemorySegment.mismatch(now, at, to, was, at, to);
            if (d < 0) {
                return;
            }
            long start = at + d;
            long end = start + 1;
            while (end < to && now.get(java.lang.foreign.ValueLayout.JAVA_BYTE, end)
                    != was.get(java.lang.foreign.ValueLayout.JAVA_BYTE, end)) {
                end++;
            }
            out.add(new long[] {base + start, end - start});
            at = end;
        }
    }

    private boolean executable(long address, long length) {
        for (int i = 0; i < executable.length; i += 2) {
            if (address < executable[i + 1] && address + length > executable[i]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        arena.close();
    }
}
