package dev.quiesce.cluster.wire;

import dev.quiesce.cluster.host.HostEntity;
import dev.quiesce.cluster.host.HostLog;
import dev.quiesce.cluster.host.HostReply;
import dev.quiesce.cluster.rollout.RolloutBook;
import dev.quiesce.cluster.rollout.RolloutEvent;
import dev.quiesce.cluster.rollout.RolloutManager;
import dev.quiesce.cluster.rollout.RolloutStatus;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The Pekko serializer of every {@link ClusterMessage} (registered in this module's reference.conf): protobuf through
 * {@link ClusterCodec}, manifest "run" or "reply" (host messages), "begin", "query" or "status" (rollout manager
 * messages), "wave", "issued" or "outcome" (a rollout's journal), "accepted" (a host's journal), "begun" or "ended"
 * (the manager's journal).
 */
public final class ClusterSerializer extends SerializerWithStringManifest {

    /** This serializer's id (unique in the actor system; Pekko keeps 0..40 for itself). */
    public static final int ID = 7_242_081;
    private static final String RUN = "run";
    private static final String REPLY = "reply";
    private static final String ACCEPTED = "accepted";

    private final ExtendedActorSystem system;
    private volatile ClusterCodec codec;

    /** Called by Pekko's serialization extension. */
    public ClusterSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public int identifier() {
        return ID;
    }

    @Override
    public String manifest(Object o) {
        return switch (o) {
            case HostEntity.Run r -> RUN;
            case HostReply r -> REPLY;
            case RolloutEvent.WaveDecided e -> "wave";
            case RolloutEvent.CommandIssued e -> "issued";
            case RolloutEvent.OutcomeRecorded e -> "outcome";
            case HostLog.Accepted a -> ACCEPTED;
            case RolloutManager.Begin b -> "begin";
            case RolloutManager.Query q -> "query";
            case RolloutStatus st -> "status";
            case RolloutBook.Begun b -> "begun";
            case RolloutBook.Ended e -> "ended";
            default -> throw new IllegalArgumentException("not a cluster message: " + o.getClass().getName());
        };
    }

    @Override
    public byte[] toBinary(Object o) {
        if (!(o instanceof ClusterMessage m)) {
            throw new IllegalArgumentException("not a cluster message: " + o.getClass().getName());
        }
        return codec().write(m);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        return switch (manifest) {
            case RUN -> codec().readRun(bytes);
            case REPLY -> codec().readReply(bytes);
            case "wave", "issued", "outcome" -> ClusterCodec.readEvent(bytes, manifest);
            case ACCEPTED -> ClusterCodec.readAccepted(bytes);
            case "begin", "query", "status", "begun", "ended" -> codec().readManager(bytes, manifest);
            default -> throw new IllegalArgumentException("unknown manifest '" + manifest
                    + "': legal are run, reply, wave, issued, outcome, accepted, begin, query, status, begun, ended");
        };
    }

    /** The codec, made on first use (the actor system is not complete while serializers are created). */
    private ClusterCodec codec() {
        ClusterCodec c = codec;
        if (c == null) {
            ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
            c = new ClusterCodec(resolver::toSerializationFormat, resolver::<Object>resolveActorRef);
            codec = c;
        }
        return c;
    }
}
