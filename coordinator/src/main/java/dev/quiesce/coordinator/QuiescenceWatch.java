package dev.quiesce.coordinator;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.splice.registry.ActionSite;

import java.util.Arrays;
import java.util.List;

/**
 * The functions an action changes, watched by the oracles from its issue until every CPU passed a quiescence point
 * after the action finished (so the oracles have seen everything the action could cause).
 */
final class QuiescenceWatch {

    private final boolean[] awaitingQp;
    private List<ActionSite> watched = List.of();
    private int awaiting;

    QuiescenceWatch(int cpus) {
        this.awaitingQp = new boolean[cpus];
    }

    /** The functions watched now; empty when none. */
    List<ActionSite> watched() {
        return watched;
    }

    /** Whether nothing is watched. */
    boolean idle() {
        return watched.isEmpty();
    }

    /** An action changing {@code sites} was issued: watch them until it finished and every CPU quiesced. */
    void watch(List<ActionSite> sites) {
        watched = sites;
        Arrays.fill(awaitingQp, false);
        awaiting = 0;
    }

    /** The action finished: from now on, wait for a quiescence point of every CPU. */
    void actionFinished() {
        if (!watched.isEmpty()) {
            Arrays.fill(awaitingQp, true);
            awaiting = awaitingQp.length;
        }
    }

    /** Counts the quantum's quiescence points (unless an attempt is still in progress); the last one ends the watch. */
    void track(List<CpuEvent> events, boolean attemptInProgress) {
        if (awaiting == 0 || attemptInProgress) {
            return;
        }
        for (CpuEvent e : events) {
            if (e instanceof CpuEvent.Quiescence q && awaitingQp[q.cpu()]) {
                awaitingQp[q.cpu()] = false;
                awaiting--;
            }
        }
        if (awaiting == 0) {
            watched = List.of();
        }
    }
}
