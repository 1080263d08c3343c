package dev.quiesce.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Spans of time on tracks, made to nest as trace viewers need: a slice that starts inside another and outlasts it is
 * split at the other's end (an NMI still running when the IRQs-off span ends, say).
 */
final class Slices {

    /** A span on track {@code tid}; {@code level} orders spans starting and ending together (lower outside). */
    record Slice(int tid, long fromNs, long toNs, String name, String cat, int level) {
    }

    private static final Comparator<Slice> ORDER = Comparator.comparingInt(Slice::tid)
            .thenComparingLong(Slice::fromNs).thenComparing(Comparator.comparingLong(Slice::toNs).reversed())
            .thenComparingInt(Slice::level).thenComparing(Slice::name);

    private Slices() {
    }

    /** The slices, split where needed so that each track's slices nest, by track then start, outer first. */
    static List<Slice> nested(List<Slice> slices) {
        PriorityQueue<Slice> queue = new PriorityQueue<>(ORDER);
        queue.addAll(slices);
        List<Slice> out = new ArrayList<>(slices.size());
        Deque<Slice> open = new ArrayDeque<>();
        while (!queue.isEmpty()) {
            Slice s = queue.poll();
            if (!open.isEmpty() && open.peek().tid() != s.tid()) {
                open.clear();
            }
            while (!open.isEmpty() && open.peek().toNs() <= s.fromNs()) {
                open.pop();
            }
            if (!open.isEmpty() && s.toNs() > open.peek().toNs()) {
                long cut = open.peek().toNs();
                queue.add(new Slice(s.tid(), cut, s.toNs(), s.name(), s.cat(), s.level()));
                s = new Slice(s.tid(), s.fromNs(), cut, s.name(), s.cat(), s.level());
            }
            out.add(s);
            open.push(s);
        }
        return out;
    }
}
