package dev.quiesce.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.quiesce.fleet.rollout.FailureCause;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.splice.registry.Action;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.function.Function;

/**
 * The wire format of the messages that cross nodes: {@link HostEntity.Run} and {@link HostReply} to and from protobuf
 * bytes (schema: quiesce/cluster/messages.proto). The generated classes stay behind this codec; actor references
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
        var b = dev.quiesce.cluster.proto.HostOutcome.newBuilder().setActionId(reply.actionId())
                .setAttempt(reply.attempt()).setError(reply.error());
        HostOutcome o = reply.outcome();
        if (o != null) {
            b.setHost(o.host()).setAction(action(o.action())).addAllDone(o.done()).setCause(o.cause().name())
                    .setDurationNs(o.durationNs()).setAttempts(o.attempts()).setDetail(o.detail());
        }
        return b.build().toByteArray();
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
            HostOutcome o = !m.getError().isEmpty() ? null : new HostOutcome(m.getHost(), action(m.getAction()),
                    m.getDoneList(), FailureCause.valueOf(m.getCause()), m.getDurationNs(), m.getAttempts(),
                    m.getDetail());
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
