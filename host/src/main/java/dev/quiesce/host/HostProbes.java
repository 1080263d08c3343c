package dev.quiesce.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The host-wide instrumentation a coordinator sets at quantum boundaries: code ranges whose execution every CPU
 * reports as {@link dev.quiesce.cpu.CpuEvent.Probe} (the race oracles' hooks, installed only while they are
 * needed: a second code hook costs Unicorn its fast path), and the {@code int3} sites whose trap a CPU emulates
 * (Linux's {@code poke_int3_handler()}, arch/x86/kernel/alternative.c). Changed only at boundaries while no CPU
 * runs (docs/architecture.md §3 rule 5); CPUs pick changes up at the start of their next quantum.
 */
public final class HostProbes {

    /** A code range {@code [begin, end)}: any instruction starting in it is reported. */
    public record Range(long begin, long end) {
        public Range {
            if (end <= begin) {
                throw new IllegalArgumentException("empty probe range [0x%x, 0x%x)".formatted(begin, end));
            }
        }
    }

    private List<Range> ranges = List.of();
    private final TreeMap<Long, Long> int3 = new TreeMap<>();
    private int version;
    private boolean unwindStacks;

    /**
     * Asks every CPU to unwind its own context's stack into its next snapshot ({@code CpuSnapshot.stack}), which costs
     * a frame-pointer walk per CPU: an oracle asks only at the boundary it needs them.
     */
    public void setUnwindStacks(boolean unwind) {
        unwindStacks = unwind;
    }

    /** Whether the CPUs' next snapshots carry their unwound stacks. */
    public boolean unwindStacks() {
        return unwindStacks;
    }

    /** Replaces the probed ranges (merged and sorted); CPUs re-hook at their next quantum. */
    public void setRanges(List<Range> wanted) {
        List<Range> sorted = new ArrayList<>(wanted);
        sorted.sort(Comparator.comparingLong(Range::begin));
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            if (!merged.isEmpty() && merged.getLast().end() >= r.begin()) {
                Range last = merged.removeLast();
                merged.add(new Range(last.begin(), Math.max(last.end(), r.end())));
            } else {
                merged.add(r);
            }
        }
        if (!merged.equals(ranges)) {
            ranges = List.copyOf(merged);
            version++;
        }
    }

    /** The probed ranges, sorted and disjoint. */
    public List<Range> ranges() {
        return ranges;
    }

    /** Changes with every new set of ranges. */
    public int version() {
        return version;
    }

    /**
     * While an {@code int3} sits at {@code address}, a CPU that executes it continues at {@code target} (the
     * emulated old or new instruction) instead of faulting.
     */
    public void emulateInt3(long address, long target) {
        int3.put(address, target);
    }

    /** The int3 at {@code address} is gone. */
    public void clearInt3(long address) {
        int3.remove(address);
    }

    /** The addresses of the emulated int3 sites, ascending (a read-only copy). */
    public List<Long> int3Sites() {
        return List.copyOf(int3.keySet());
    }

    /** Where a CPU that trapped on the int3 at {@code address} continues, if that int3 is emulated. */
    public OptionalLong int3Target(long address) {
        Long t = int3.get(address);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }
}
