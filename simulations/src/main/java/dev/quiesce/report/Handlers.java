package dev.quiesce.report;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.report.Timeline.Segment;
import dev.quiesce.report.Timeline.State;
import dev.quiesce.scenario.ScenarioResult;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The interrupt handlers a run's CPUs ran, from the traced entries and exits (an exit closes the innermost open
 * handler; one still open when the run ended lasts until the end).
 */
final class Handlers {

    private Handlers() {
    }

    /** The handlers overlapping {@code [from, to]}, clipped to it, by CPU, then start, outer before nested. */
    static List<Segment> of(ScenarioResult r, long from, long to) {
        int cpus = r.scenario().host().cpus();
        List<Deque<CpuEvent.InterruptEntry>> open = new ArrayList<>();
        for (int c = 0; c < cpus; c++) {
            open.add(new ArrayDeque<>());
        }
        List<Segment> out = new ArrayList<>();
        for (CpuEvent e : r.trace()) {
            if (e.cpu() < 0 || e.cpu() >= cpus) {
                continue;
            }
            if (e instanceof CpuEvent.InterruptEntry i) {
                open.get(e.cpu()).push(i);
            } else if (e instanceof CpuEvent.InterruptExit && !open.get(e.cpu()).isEmpty()) {
                add(out, open.get(e.cpu()).pop(), e.time(), from, to);
            }
        }
        for (Deque<CpuEvent.InterruptEntry> d : open) {
            while (!d.isEmpty()) {
                add(out, d.pop(), r.endNs(), from, to);
            }
        }
        out.sort(Comparator.comparingInt(Segment::cpu).thenComparingLong(Segment::fromNs)
                .thenComparing(Comparator.comparingLong(Segment::toNs).reversed()));
        return out;
    }

    private static void add(List<Segment> out, CpuEvent.InterruptEntry i, long end, long from, long to) {
        long a = Math.max(from, i.time());
        long b = Math.min(to, end);
        if (b >= a && end >= from && i.time() <= to) {
            State s = i.kind() == InterruptKind.IRQ ? State.IRQ : State.NMI; // #MC is drawn as the non-maskable kind
            String label = switch (i.kind()) {
                case IRQ -> "IRQ";
                case NMI -> "NMI";
                case MCE -> "#MC";
            };
            out.add(new Segment(i.cpu(), a, b, s, label + " vector " + i.vector()));
        }
    }
}
