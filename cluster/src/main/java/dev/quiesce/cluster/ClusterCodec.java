package dev.quiesce.cluster;

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

    private final Function<ActorRef<HostReply>, String> refToString;
    private final Function<String, ActorRef<HostReply>> refOf;

    /** A codec writing actor references with {@code refToString} and reading them with {@code refOf}. */
    public ClusterCodec(Function<ActorRef<HostReply>, String> refToString, Function<String, ActorRef<HostReply>> refOf) {
        this.refToString = refToString;
        this.refOf = refOf;
    }

    /** The bytes of {@code run}. */
    public byte[] write(HostEntity.Run run) {
        FleetSpec f = run.fleet();
        HostCommand c = run.command();
        return dev.quiesce.cluster.proto.HostCommand.newBuilder()
                .setFleet(dev.quiesce.cluster.proto.FleetSpec.newBuilder().setScenario(f.scenario())
                        .addAllSets(f.sets()).setSeed(f.seed()))
                .setHost(c.host()).setAction(action(c.action())).addAllPayloads(c.payloads())
                .setActionId(run.actionId()).setAttempt(run.attempt()).setReplyTo(refToString.apply(run.replyTo()))
                .build().toByteArray();
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
            var f = m.getFleet();
            return new HostEntity.Run(new FleetSpec(f.getScenario(), f.getSetsList(), f.getSeed()),
                    new HostCommand(m.getHost(), action(m.getAction()), m.getPayloadsList()), m.getActionId(),
                    m.getAttempt(), refOf.apply(m.getReplyTo()));
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
