package dev.quiesce.coordinator.oracle;

import dev.quiesce.host.HostProbes;

import java.util.List;

/**
 * A claim about every run, checked after every quantum's events (docs/architecture.md §2 step 7). Plain and deterministic: it sees
 * the events in trace order and the host as the CPUs saw it during the quantum.
 */
public interface Oracle {

    /** The claim's name, e.g. {@code NoTornFetch}. */
    String name();

    /** Checks one quantum (events in trace order); adds what it finds to {@code out}. */
    void check(OracleView view, List<Violation> out);

    /** An action was just issued ({@link OracleView#watched()} holds its functions), before any of its stores. */
    default void issued(OracleView view) {
    }

    /** After the coordinator's boundary work (stores done, actions finished): checks the host's state. */
    default void afterBoundary(OracleView view, List<Violation> out) {
    }

    /**
     * Whether it still waits to judge something it saw (e.g. the state the next quantum shows after a release); a
     * run does not settle while an oracle is pending.
     */
    default boolean pending() {
        return false;
    }

    /**
     * An action finished at the very boundary it was issued (a protocol whose stores all land at once), after
     * {@link #afterBoundary} ran: its outcome is in {@link OracleView#finished()}.
     */
    default void finishedAtIssue(OracleView view) {
    }

    /**
     * Whether it needs each CPU's unwound stack in the snapshots the CPUs take at this boundary
     * ({@code CpuSnapshot.stack}, seen at the next check through {@link SideState#cpus()}).
     */
    default boolean wantsStacks(OracleView view) {
        return false;
    }

    /**
     * Whether, until the run's first action is issued ({@link #issued}), it judges each quantum from the quantum's
     * events alone: it reads no memory and no CPU snapshot the CPUs write, asks for no probes and no stacks, and keeps
     * nothing pending. When every oracle of a run says so, the host may run several quanta between two barriers before
     * the first action (docs/architecture.md §3 rule 8; the trace is the same). False by default: a plug-in that does
     * not say so is checked at every barrier.
     */
    default boolean eventsOnlyBeforeFirstAction() {
        return false;
    }

    /** Code ranges it needs reported as probes during the next quantum (a second code hook costs speed). */
    default List<HostProbes.Range> probes(OracleView view) {
        return List.of();
    }
}
