package dev.quiesce.report;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.report.Timeline.Mark;
import dev.quiesce.report.Timeline.MarkKind;
import dev.quiesce.report.Timeline.Segment;
import dev.quiesce.report.Timeline.State;
import dev.quiesce.scenario.ScenarioResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the {@link Timeline}s of a run: one window per attempt, states from the attempts' rendezvous events (arrival,
 * IRQs off, release, the action and its stores) and the CPUs' traced {@code IrqsOff}/{@code Stopped}, handlers from
 * the traced interrupt entries and exits.
 */
final class TimelineBuilder {

    /** At most this many timelines are drawn; the Perfetto export shows every attempt. */
    static final int MAX_TIMELINES = 8;

    private TimelineBuilder() {
    }

    static List<Timeline> timelines(ScenarioResult r) {
        List<Timeline> out = new ArrayList<>();
        List<ApplyOutcome> os = r.outcomes();
        long settled = -1;
        for (int i = 0; i < os.size(); i++) {
            ApplyOutcome o = os.get(i);
            long last = Math.max(o.issuedNs(), Math.max(o.releasedNs(), o.events().isEmpty() ? -1
                    : o.events().getLast().time()));
            settled = Math.max(settled, last);
            if (out.size() < MAX_TIMELINES) {
                ApplyRequest q = o.request();
                String title = "Attempt " + (i + 1) + ": " + q.action().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + q.payload() + (q.attempt() > 1 ? " (retry " + (q.attempt() - 1) + ")" : "") + " — "
                        + o.result().label() + ", rc " + o.rc();
                out.add(build(r, title, o.issuedNs(), last));
            }
        }
        long after = settled;
        long next = r.scenario().actions().stream().mapToLong(ApplyRequest::atNs).filter(t -> t > after)
                .filter(t -> t < r.endNs()).min().orElse(Math.max(0, settled));
        if (os.isEmpty()) {
            out.add(build(r, r.scenario().actions().isEmpty() ? "The run (no action)" : "The run: no attempt finished",
                    r.scenario().actions().isEmpty() ? 0 : next, r.endNs()));
        } else if (r.violated() && r.violations().getFirst().timeNs() > settled && out.size() < MAX_TIMELINES) {
            out.add(build(r, "After attempt " + os.size() + ": cut short by the violation", next, r.endNs()));
        }
        return out;
    }

    static Timeline build(ScenarioResult r, String title, long lo, long hi) {
        long span = Math.max(hi - lo, 1_000);
        long from = Math.max(0, lo - Math.max(500, span / 12));
        long to = Math.max(from + 1, Math.min(r.endNs(), hi + Math.max(500, span / 12)));
        int cpus = r.scenario().host().cpus();
        StateSweep sweep = new StateSweep(cpus);
        long[] releases = r.outcomes().stream().mapToLong(ApplyOutcome::releasedNs).filter(t -> t >= 0).sorted()
                .toArray();
        for (ApplyOutcome o : r.outcomes()) {
            addAttempt(sweep, o, o.releasedNs() >= 0 ? o.releasedNs() : r.endNs());
        }
        for (CpuEvent e : r.trace()) {
            if (e instanceof CpuEvent.IrqsOff || e instanceof CpuEvent.Stopped) {
                sweep.add(e.cpu(), e.time(), releaseAfter(releases, e.time(), r.endNs()), State.IRQS_OFF);
            }
        }
        return new Timeline(title, from, to, cpus, sweep.segments(from, to), Handlers.of(r, from, to),
                marks(r, from, to));
    }

    private static void addAttempt(StateSweep sweep, ApplyOutcome o, long release) {
        long allOff = -1;
        for (int c = 0; c < o.arrivalNs().length; c++) {
            long off = o.irqsOffNs()[c];
            if (o.master() >= 0 && o.arrivalNs()[c] >= 0) {
                sweep.add(c, o.arrivalNs()[c], off >= 0 ? off : release, State.SPINNING);
            }
            if (off >= 0) {
                sweep.add(c, off, release, State.IRQS_OFF);
                allOff = Math.max(allOff, off);
            }
        }
        long start = allOff;
        long end = o.actionNs();
        for (RendezvousEvent e : o.events()) {
            switch (e) {
                case RendezvousEvent.AllStopped s -> start = start < 0 ? s.time() : start;
                case RendezvousEvent.SyncDone s -> start = start < 0 ? s.started() : start;
                case RendezvousEvent.Stored s -> {
                    start = start < 0 ? s.time() : start;
                    end = Math.max(end, s.time());
                }
                default -> { }
            }
        }
        if (start >= 0 && end > start) {
            sweep.add(o.master() >= 0 ? o.master() : o.request().cpu(), start, end, State.PATCHING);
        }
    }

    private static long releaseAfter(long[] releases, long t, long end) {
        for (long r : releases) {
            if (r >= t) {
                return r;
            }
        }
        return end;
    }

    private static List<Mark> marks(ScenarioResult r, long from, long to) {
        List<Mark> out = new ArrayList<>();
        int attempt = 0;
        for (ApplyOutcome o : r.outcomes()) {
            attempt++;
            out.add(new Mark(o.deadlineNs(), MarkKind.DEADLINE, -1, "deadline of attempt " + attempt));
            for (RendezvousEvent e : o.events()) {
                if (e instanceof RendezvousEvent.Stored s) {
                    out.add(new Mark(s.time(), MarkKind.STORE, -1,
                            "store: " + s.length() + " bytes at 0x" + Long.toHexString(s.address())));
                } else if (e instanceof RendezvousEvent.Released) {
                    out.add(new Mark(e.time(), MarkKind.RELEASED, -1, "attempt " + attempt + " released"));
                }
            }
        }
        for (Violation v : r.violations()) {
            out.add(new Mark(v.timeNs(), MarkKind.VIOLATION, v.cpu(), v.oracle() + ": " + v.message()));
        }
        for (CpuEvent e : r.trace()) {
            if (e instanceof CpuEvent.Fault f) {
                out.add(new Mark(f.time(), MarkKind.FAULT, f.cpu(), "fault " + f.kind() + " at " + f.where()));
            }
        }
        return out.stream().filter(m -> m.timeNs() >= from && m.timeNs() <= to)
                .sorted(Comparator.comparingLong(Mark::timeNs)).toList();
    }
}
