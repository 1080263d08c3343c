package dev.quiesce.cluster.rollout;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a rollout delivers a host command again, without actors: on each tick, the commands that were already open at
 * the previous tick are delivered again with the next attempt number; after {@code limit} ticks with commands open
 * and no reply heard the rollout is stalled. Attempts live in memory only: a resumed rollout starts again from the
 * journaled attempt.
 */
final class Redelivery {

    private final int limit;
    private final Map<Long, Integer> attempts = new HashMap<>();
    private Set<Long> openBefore = Set.of();
    private int quiet;

    /** Stalled after {@code limit} quiet ticks. */
    Redelivery(int limit) {
        this.limit = limit;
    }

    /** A reply was heard. */
    void heard() {
        quiet = 0;
    }

    /** A tick with {@code open} commands: those to deliver again (attempt already advanced), in host order. */
    List<RolloutProgress.Issued> tick(List<RolloutProgress.Issued> open) {
        Set<Long> now = new HashSet<>();
        open.forEach(i -> now.add(i.actionId()));
        attempts.keySet().retainAll(now);
        quiet = open.isEmpty() ? 0 : quiet + 1;
        List<RolloutProgress.Issued> again = open.stream().filter(i -> openBefore.contains(i.actionId())).toList();
        again.forEach(i -> attempts.merge(i.actionId(), i.attempt() + 1, (a, b) -> a + 1));
        openBefore = now;
        return again;
    }

    /** The current delivery attempt of {@code i}. */
    int attempt(RolloutProgress.Issued i) {
        return attempts.getOrDefault(i.actionId(), i.attempt());
    }

    /** Whether commands stayed open with no reply for {@code limit} ticks. */
    boolean stalled() {
        return quiet >= limit;
    }
}
