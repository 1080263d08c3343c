package dev.quiesce.cluster.rollout;

import dev.quiesce.cluster.host.HostReply;
import dev.quiesce.cluster.wire.ClusterCodec;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.Rollout;
import dev.quiesce.fleet.rollout.RolloutResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A rollout's state as rebuilt from its journal, without actors: a {@link Rollout} fed the recorded outcomes in
 * journal order, the wave it decided but has not journaled yet, and the commands issued without a recorded outcome
 * (with their action id and attempt, so a resumed rollout re-issues exactly those, unchanged). Action ids number a
 * rollout's commands 1, 2, … in the order they are issued, so they do not depend on timing.
 */
public final class RolloutProgress {

    /** A command issued to a host as ({@code actionId}, {@code attempt}). */
    public record Issued(HostCommand command, long actionId, int attempt) {
    }

    private final Rollout rollout;
    private List<HostCommand> planned;
    private final Map<Integer, HostCommand> wave = new TreeMap<>();
    private final SortedMap<Integer, Issued> open = new TreeMap<>();
    private int waves;
    private long lastActionId;
    private int recorded;

    /** The progress of {@code fresh} (a rollout not started yet): its first wave is planned. */
    public RolloutProgress(Rollout fresh) {
        this.rollout = fresh;
        this.planned = fresh.start();
    }

    /** The events that journal the planned wave (its decision, then each host's command), empty if none is planned. */
    public List<RolloutEvent> declare() {
        if (planned == null || planned.isEmpty()) {
            return List.of();
        }
        List<RolloutEvent> events = new ArrayList<>();
        events.add(new RolloutEvent.WaveDecided(waves + 1, planned.stream().map(HostCommand::host).toList()));
        long id = lastActionId;
        for (HostCommand c : planned) {
            events.add(new RolloutEvent.CommandIssued(c.host(), ++id, 1));
        }
        return events;
    }

    /** Applies a journaled event (live or replayed). */
    public void apply(RolloutEvent event) {
        switch (event) {
            case RolloutEvent.WaveDecided w -> {
                List<Integer> hosts = planned == null ? List.of() : planned.stream().map(HostCommand::host).toList();
                if (w.wave() != waves + 1 || !hosts.equals(w.hosts())) {
                    throw new IllegalStateException("the journal's wave " + w.wave() + " " + w.hosts()
                            + " is not the rollout's wave " + (waves + 1) + " " + hosts);
                }
                waves = w.wave();
                wave.clear();
                planned.forEach(c -> wave.put(c.host(), c));
                planned = null;
            }
            case RolloutEvent.CommandIssued c -> {
                HostCommand command = wave.get(c.host());
                if (command == null || open.containsKey(c.host())) {
                    throw new IllegalStateException("host " + c.host() + " has no command to issue in wave " + waves);
                }
                open.put(c.host(), new Issued(command, c.actionId(), c.attempt()));
                lastActionId = Math.max(lastActionId, c.actionId());
            }
            case RolloutEvent.OutcomeRecorded o -> {
                Issued i = open.remove(o.host());
                if (i == null || i.actionId() != o.actionId()
                        || o.outcome().host() != o.host() || !ClusterCodec.digest(o.outcome()).equals(o.digest())) {
                    throw new IllegalStateException("the journal's outcome of host " + o.host() + " (action "
                            + o.actionId() + ", attempt " + o.attempt() + ") does not match its command " + i);
                }
                recorded++;
                if (rollout.record(o.outcome())) {
                    planned = rollout.decide();
                }
            }
        }
    }

    /**
     * The event recording {@code reply} if it answers an open command (by action id: any delivery attempt of it);
     * null for a duplicate, an error or a stranger.
     */
    public RolloutEvent.OutcomeRecorded recording(HostReply reply) {
        if (reply.outcome() == null) {
            return null;
        }
        Issued i = open.get(reply.outcome().host());
        if (i == null || i.actionId() != reply.actionId()) {
            return null;
        }
        return new RolloutEvent.OutcomeRecorded(reply.outcome().host(), reply.actionId(), reply.attempt(),
                reply.outcome(), ClusterCodec.digest(reply.outcome()));
    }

    /** The events recording {@code replies} in order, each open command at most once. */
    public List<RolloutEvent> recordings(List<HostReply> replies) {
        List<RolloutEvent> events = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (HostReply r : replies) {
            RolloutEvent.OutcomeRecorded e = recording(r);
            if (e != null && seen.add(e.actionId())) {
                events.add(e);
            }
        }
        return events;
    }

    /** The number of host outcomes recorded so far. */
    public int outcomes() {
        return recorded;
    }

    /** The commands issued without a recorded outcome, in host-id order. */
    public List<Issued> open() {
        return List.copyOf(open.values());
    }

    /** The number of waves journaled so far. */
    public int waves() {
        return waves;
    }

    /** Whether the rollout (and any rollback) is over. */
    public boolean finished() {
        return rollout.finished();
    }

    /** The rollout's result; only once {@link #finished()}. */
    public RolloutResult result() {
        return rollout.result();
    }
}
