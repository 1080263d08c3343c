package dev.quiesce.report;

import dev.quiesce.scenario.ScenarioResult;

import java.util.List;

/**
 * What each CPU of a run did over a window of virtual time: its state as non-overlapping segments (running, spinning
 * in the barrier, IRQs off, patching), the interrupt handlers it ran (which nest, and lie over the states), and the
 * instants worth a line across all CPUs (the deadline, each store, the release, a violation).
 *
 * @param title    what the window shows ("attempt 1: done, rc 0")
 * @param fromNs   the window's start
 * @param toNs     its end
 * @param cpus     the host's CPUs
 * @param states   per CPU, the states covering the window, by CPU then time
 * @param handlers the IRQ and NMI handlers overlapping the window, clipped to it, by CPU then time (nested ones after
 *                 the one they interrupted)
 * @param marks    the instants in the window, by time
 */
public record Timeline(String title, long fromNs, long toNs, int cpus, List<Segment> states, List<Segment> handlers,
                       List<Mark> marks) {

    public Timeline {
        states = List.copyOf(states);
        handlers = List.copyOf(handlers);
        marks = List.copyOf(marks);
    }

    /** One timeline per attempt of the run (the run's window when it has none, or one more for an attempt cut short). */
    public static List<Timeline> of(ScenarioResult r) {
        return TimelineBuilder.timelines(r);
    }

    /** A CPU's state, or the handler it runs; later constants take precedence where states overlap. */
    public enum State {
        RUNNING("running"),
        SPINNING("spinning in the barrier"),
        IRQS_OFF("IRQs off"),
        PATCHING("patching"),
        IRQ("in IRQ handler"),
        NMI("in NMI handler");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The legend's words for it. */
        public String label() {
            return label;
        }
    }

    /** CPU {@code cpu} was in {@code state} from {@code fromNs} to {@code toNs}; {@code detail} says more (a vector). */
    public record Segment(int cpu, long fromNs, long toNs, State state, String detail) {
    }

    /** A kind of instant. */
    public enum MarkKind { DEADLINE, STORE, RELEASED, VIOLATION, FAULT }

    /** An instant on the whole host ({@code cpu} -1) or on one CPU, with what to say about it. */
    public record Mark(long timeNs, MarkKind kind, int cpu, String label) {
    }
}
