package dev.quiesce.report;

import dev.quiesce.report.Timeline.Segment;
import dev.quiesce.report.Timeline.State;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Overlapping state intervals of each CPU, resolved into non-overlapping segments: where several states overlap the one
 * declared last in {@link State} wins, and where none is, the CPU is {@link State#RUNNING running}.
 */
final class StateSweep {

    private record Interval(long from, long to, State state) {
    }

    private final List<List<Interval>> byCpu = new ArrayList<>();

    StateSweep(int cpus) {
        for (int c = 0; c < cpus; c++) {
            byCpu.add(new ArrayList<>());
        }
    }

    /** CPU {@code cpu} was in {@code state} from {@code from} to {@code to} (ignored when empty or out of range). */
    void add(int cpu, long from, long to, State state) {
        if (cpu >= 0 && cpu < byCpu.size() && to > from) {
            byCpu.get(cpu).add(new Interval(from, to, state));
        }
    }

    /** Every CPU's segments covering {@code [from, to]}, by CPU then time, equal neighbours merged. */
    List<Segment> segments(long from, long to) {
        List<Segment> out = new ArrayList<>();
        for (int c = 0; c < byCpu.size(); c++) {
            List<long[]> edges = new ArrayList<>();
            for (Interval i : byCpu.get(c)) {
                long a = Math.max(from, i.from());
                long b = Math.min(to, i.to());
                if (b > a) {
                    edges.add(new long[] {a, i.state().ordinal(), 1});
                    edges.add(new long[] {b, i.state().ordinal(), -1});
                }
            }
            edges.sort(Comparator.comparingLong((long[] e) -> e[0]));
            int[] active = new int[State.values().length];
            long at = from;
            int k = 0;
            while (at < to) {
                while (k < edges.size() && edges.get(k)[0] <= at) {
                    active[(int) edges.get(k)[1]] += (int) edges.get(k)[2];
                    k++;
                }
                long next = k < edges.size() ? edges.get(k)[0] : to;
                append(out, new Segment(c, at, next, top(active), ""));
                at = next;
            }
        }
        return out;
    }

    private static State top(int[] active) {
        for (int s = active.length - 1; s > 0; s--) {
            if (active[s] > 0) {
                return State.values()[s];
            }
        }
        return State.RUNNING;
    }

    private static void append(List<Segment> out, Segment s) {
        if (!out.isEmpty()) {
            Segment last = out.getLast();
            if (last.cpu() == s.cpu() && last.state() == s.state() && last.toNs() == s.fromNs()) {
                out.set(out.size() - 1, new Segment(s.cpu(), last.fromNs(), s.toNs(), s.state(), ""));
                return;
            }
        }
        out.add(s);
    }
}
