package dev.quiesce.cluster.wire;

import dev.quiesce.cluster.host.HostEntity;
import dev.quiesce.cluster.host.HostLog;
import dev.quiesce.cluster.host.HostReply;
import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.cluster.rollout.RolloutBook;
import dev.quiesce.cluster.rollout.RolloutEvent;
import dev.quiesce.cluster.rollout.RolloutManager;
import dev.quiesce.cluster.rollout.RolloutStatus;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.quiesce.fleet.rollout.FailureCause;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.splice.registry.Action;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.function.Function;

/**
 * The wire format of the messages that cross nodes and of the rollout's journal: {@link HostEntity.Run}, {@link
 * HostReply} and {@link RolloutEvent} to and from protobuf bytes (schema: quiesce/cluster/messages.proto). The generated classes stay behind this codec; actor references
 * travel as their serialised strings.
 */
public final class ClusterCodec {

    private final Function<ActorRef<?>, String> refToString;
    private final Function<String, ActorRef<Object>> refOf;

    /** A codec writing actor references with {@code refToString} and reading them with {@code refOf}. */
    public ClusterCodec(Function<ActorRef<?>, String> refToString, Function<String, ActorRef<Object>> refOf) {
        this.refToString = refToString;
        this.refOf = refOf;
    }

    @SuppressWarnings("unchecked")
    private <T> ActorRef<T> ref(String s) {
        return (ActorRef<T>) (ActorRef<?>) refOf.apply(s);
    }

    /** The bytes of {@code run}. */
    public byte[] write(HostEntity.Run run) {
        return command(run.fleet(), run.command(), run.actionId(), run.attempt())
                .setReplyTo(refToString.apply(run.replyTo())).build().toByteArray();
    }

    /** The bytes of a host entity's journal event (a host command without a reply address). */
    public static byte[] write(HostLog.Accepted a) {
        return command(a.fleet(), a.command(), a.actionId(), a.attempt()).build().toByteArray();
    }

    /** The host entity journal event of {@code bytes}. */
    public static HostLog.Accepted readAccepted(byte[] bytes) {
        try {
            var m = dev.quiesce.cluster.proto.HostCommand.parseFrom(bytes);
            return new HostLog.Accepted(fleet(m.getFleet()), new HostCommand(m.getHost(), action(m.getAction()),
                    m.getPayloadsList()), m.getActionId(), m.getAttempt());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a host journal event: " + e.getMessage(), e);
        }
    }

    private static dev.quiesce.cluster.proto.HostCommand.Builder command(FleetSpec f, HostCommand c, long actionId,
                                                                         int attempt) {
        return dev.quiesce.cluster.proto.HostCommand.newBuilder().setFleet(fleet(f))
                .setHost(c.host()).setAction(action(c.action())).addAllPayloads(c.payloads())
                .setActionId(actionId).setAttempt(attempt);
    }

    static dev.quiesce.cluster.proto.FleetSpec fleet(FleetSpec f) {
        return dev.quiesce.cluster.proto.FleetSpec.newBuilder().setScenario(f.scenario()).addAllSets(f.sets())
                .setSeed(f.seed()).build();
    }

    static FleetSpec fleet(dev.quiesce.cluster.proto.FleetSpec f) {
        return new FleetSpec(f.getScenario(), f.getSetsList(), f.getSeed());
    }

    /** The bytes of a message to or from the rollout manager, or of its journal events. */
    public byte[] write(ClusterMessage m) {
        return switch (m) {
            case RolloutManager.Begin b -> dev.quiesce.cluster.proto.BeginRollout.newBuilder()
                    .setRolloutId(b.rolloutId()).setFleet(fleet(b.fleet())).setReplyTo(refToString.apply(b.replyTo()))
                    .build().toByteArray();
            case RolloutManager.Query q -> dev.quiesce.cluster.proto.QueryRollout.newBuilder()
                    .setRolloutId(q.rolloutId()).setReplyTo(refToString.apply(q.replyTo())).build().toByteArray();
            case RolloutStatus st -> dev.quiesce.cluster.proto.RolloutStatus.newBuilder().setRolloutId(st.rolloutId())
                    .setState(dev.quiesce.cluster.proto.RolloutState.valueOf(st.state().name()))
                    .setWaves(st.waves()).setOutcomes(st.outcomes()).setOpen(st.open()).setTraceHash(st.traceHash())
                    .setDetail(st.detail()).setPid(st.pid()).setNode(st.node()).build().toByteArray();
            case RolloutBook.Begun b -> dev.quiesce.cluster.proto.RolloutBegun.newBuilder().setRolloutId(b.rolloutId())
                    .setFleet(fleet(b.fleet())).build().toByteArray();
            case RolloutBook.Ended e -> dev.quiesce.cluster.proto.RolloutEnded.newBuilder().setRolloutId(e.rolloutId())
                    .setFailed(e.failed()).setTraceHash(e.traceHash()).setDetail(e.detail()).build().toByteArray();
            case HostLog.Accepted a -> write(a);
            case HostEntity.Run r -> write(r);
            case HostReply r -> write(r);
            case RolloutEvent e -> write(e);
            default -> throw new IllegalArgumentException("not a cluster message: " + m.getClass().getName());
        };
    }

    /** The manager message or event of {@code bytes} written under {@code manifest}. */
    public ClusterMessage readManager(byte[] bytes, String manifest) {
        try {
            return switch (manifest) {
                case "begin" -> {
                    var m = dev.quiesce.cluster.proto.BeginRollout.parseFrom(bytes);
                    yield new RolloutManager.Begin(m.getRolloutId(), fleet(m.getFleet()), ref(m.getReplyTo()));
                }
                case "query" -> {
                    var m = dev.quiesce.cluster.proto.QueryRollout.parseFrom(bytes);
                    yield new RolloutManager.Query(m.getRolloutId(), ref(m.getReplyTo()));
                }
                case "status" -> {
                    var m = dev.quiesce.cluster.proto.RolloutStatus.parseFrom(bytes);
                    if (m.getState() == dev.quiesce.cluster.proto.RolloutState.ROLLOUT_STATE_UNSPECIFIED
                            || m.getState() == dev.quiesce.cluster.proto.RolloutState.UNRECOGNIZED) {
                        throw new IllegalArgumentException("a rollout status without a state");
                    }
                    yield new RolloutStatus(m.getRolloutId(), RolloutStatus.State.valueOf(m.getState().name()),
                            m.getWaves(), m.getOutcomes(), m.getOpen(), m.getTraceHash(), m.getDetail(), m.getPid(), m.getNode());
                }
                case "begun" -> {
                    var m = dev.quiesce.cluster.proto.RolloutBegun.parseFrom(bytes);
                    yield new RolloutBook.Begun(m.getRolloutId(), fleet(m.getFleet()));
                }
                case "ended" -> {
                    var m = dev.quiesce.cluster.proto.RolloutEnded.parseFrom(bytes);
                    yield new RolloutBook.Ended(m.getRolloutId(), m.getFailed(), m.getTraceHash(), m.getDetail());
                }
                default -> throw new IllegalArgumentException("unknown manager message '" + manifest + "'");
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a " + manifest + " message: " + e.getMessage(), e);
        }
    }

    /** The bytes of {@code reply}. */
    public byte[] write(HostReply reply) {
        var b = dev.quiesce.cluster.proto.HostOutcome.newBuilder();
        if (reply.outcome() != null) {
            b.mergeFrom(outcome(reply.outcome()));
        }
        return b.setActionId(reply.actionId()).setAttempt(reply.attempt()).setError(reply.error()).build()
                .toByteArray();
    }

    /** The bytes of a journal event. */
    public byte[] write(RolloutEvent event) {
        return switch (event) {
            case RolloutEvent.WaveDecided w -> dev.quiesce.cluster.proto.WaveDecided.newBuilder().setWave(w.wave())
                    .addAllHosts(w.hosts()).build().toByteArray();
            case RolloutEvent.CommandIssued c -> dev.quiesce.cluster.proto.CommandIssued.newBuilder().setHost(c.host())
                    .setActionId(c.actionId()).setAttempt(c.attempt()).build().toByteArray();
            case RolloutEvent.OutcomeRecorded o -> dev.quiesce.cluster.proto.OutcomeRecorded.newBuilder()
                    .setHost(o.host()).setActionId(o.actionId()).setAttempt(o.attempt())
                    .setOutcome(outcome(o.outcome())).setDigest(o.digest()).build().toByteArray();
        };
    }

    /** The journal event of {@code bytes} written under {@code manifest} (wave, issued, outcome). */
    public static RolloutEvent readEvent(byte[] bytes, String manifest) {
        try {
            return switch (manifest) {
                case "wave" -> {
                    var m = dev.quiesce.cluster.proto.WaveDecided.parseFrom(bytes);
                    yield new RolloutEvent.WaveDecided(m.getWave(), m.getHostsList());
                }
                case "issued" -> {
                    var m = dev.quiesce.cluster.proto.CommandIssued.parseFrom(bytes);
                    yield new RolloutEvent.CommandIssued(m.getHost(), m.getActionId(), m.getAttempt());
                }
                case "outcome" -> {
                    var m = dev.quiesce.cluster.proto.OutcomeRecorded.parseFrom(bytes);
                    yield new RolloutEvent.OutcomeRecorded(m.getHost(), m.getActionId(), m.getAttempt(),
                            outcome(m.getOutcome()), m.getDigest());
                }
                default -> throw new IllegalArgumentException("unknown journal event '" + manifest
                        + "': legal are wave, issued, outcome");
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a journal event: " + e.getMessage(), e);
        }
    }

    /** The digest of an outcome: SHA-256 of its protobuf bytes, the first 16 hex digits. */
    public static String digest(HostOutcome o) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(outcome(o).toByteArray());
            return java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static dev.quiesce.cluster.proto.HostOutcome outcome(HostOutcome o) {
        return dev.quiesce.cluster.proto.HostOutcome.newBuilder().setHost(o.host()).setAction(action(o.action()))
                .addAllDone(o.done()).setCause(o.cause().name()).setDurationNs(o.durationNs())
                .setAttempts(o.attempts()).setDetail(o.detail()).build();
    }

    private static HostOutcome outcome(dev.quiesce.cluster.proto.HostOutcome m) {
        return new HostOutcome(m.getHost(), action(m.getAction()), m.getDoneList(), FailureCause.valueOf(m.getCause()),
                m.getDurationNs(), m.getAttempts(), m.getDetail());
    }

    /** The {@link HostEntity.Run} of {@code bytes}. */
    public HostEntity.Run readRun(byte[] bytes) {
        try {
            var m = dev.quiesce.cluster.proto.HostCommand.parseFrom(bytes);
            return new HostEntity.Run(fleet(m.getFleet()),
                    new HostCommand(m.getHost(), action(m.getAction()), m.getPayloadsList()), m.getActionId(),
                    m.getAttempt(), ref(m.getReplyTo()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a host command: " + e.getMessage(), e);
        }
    }

    /** The {@link HostReply} of {@code bytes}. */
    public HostReply readReply(byte[] bytes) {
        try {
            var m = dev.quiesce.cluster.proto.HostOutcome.parseFrom(bytes);
            HostOutcome o = !m.getError().isEmpty() ? null : outcome(m);
            return new HostReply(o, m.getActionId(), m.getAttempt(), m.getError());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a host outcome: " + e.getMessage(), e);
        }
    }

    private static dev.quiesce.cluster.proto.Action action(Action a) {
        return switch (a) {
            case APPLY -> dev.quiesce.cluster.proto.Action.APPLY;
            case REVERT -> dev.quiesce.cluster.proto.Action.REVERT;
            default -> throw new IllegalArgumentException("a host command applies or reverts, not " + a);
        };
    }

    private static Action action(dev.quiesce.cluster.proto.Action a) {
        return switch (a) {
            case APPLY -> Action.APPLY;
            case REVERT -> Action.REVERT;
            default -> throw new IllegalArgumentException("a host command applies or reverts, not " + a);
        };
    }
}
