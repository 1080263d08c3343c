package dev.quiesce.cluster.wire;

import dev.quiesce.cluster.host.HostEntity;
import dev.quiesce.cluster.host.HostLog;
import dev.quiesce.cluster.host.HostReply;
import dev.quiesce.cluster.host.HostRunner;
import dev.quiesce.cluster.node.ClusterNode;
import dev.quiesce.cluster.node.NodeOptions;
import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.cluster.rollout.RolloutBook;
import dev.quiesce.cluster.rollout.RolloutManager;
import dev.quiesce.cluster.rollout.RolloutStatus;
import dev.quiesce.fleet.rollout.FailureCause;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.splice.registry.Action;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The messages that cross nodes go through the registered protobuf serializer and come back equal. */
class ClusterSerializerTest {

    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "serializer-test", ClusterNode.config(
                new NodeOptions("127.0.0.1", 0, List.of(), false, com.typesafe.config.ConfigFactory.empty(),
                        HostRunner::driver, false)));
    }

    @AfterAll
    static void stop() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    private static Object roundTrip(Object message) {
        Serialization s = SerializationExtension.get(Adapter.toClassic(system));
        Serializer serializer = s.findSerializerFor(message);
        assertThat(serializer).isInstanceOf(ClusterSerializer.class);
        byte[] bytes = serializer.toBinary(message);
        return s.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
    }

    @Test
    void hostCommand_roundTripsThroughTheProtobufSerializer() {
        ActorRef<HostReply> replyTo = system.systemActorOf(Behaviors.<HostReply>empty(), "reply",
                org.apache.pekko.actor.typed.Props.empty());
        HostEntity.Run run = new HostEntity.Run(new FleetSpec("fleet-10k", List.of("hosts=200"), 0x2aL),
                new HostCommand(17, Action.REVERT, List.of("b", "a")), 2, 1, replyTo);

        assertThat(roundTrip(run)).isEqualTo(run);
    }

    @Test
    void hostOutcomeAndError_roundTripThroughTheProtobufSerializer() {
        HostReply ok = new HostReply(new HostOutcome(5, Action.APPLY, List.of("a"), FailureCause.TIMEOUT_IRQ, 45_000,
                3, "Timed out on semaphore in IRQ quiesce phase"), 1, 1, "");
        HostReply error = new HostReply(null, 2, 1, "host 5: boom");

        assertThat(roundTrip(ok)).isEqualTo(ok);
        assertThat(roundTrip(error)).isEqualTo(error);
    }

    @Test
    void rolloutManagerMessagesAndJournalEvents_roundTripThroughTheProtobufSerializer() {
        ActorRef<RolloutStatus> replyTo = system.systemActorOf(Behaviors.<RolloutStatus>empty(), "status",
                org.apache.pekko.actor.typed.Props.empty());
        FleetSpec fleet = new FleetSpec("fleet-10k", List.of("hosts=200", "rollout.pause=2s"), -7L);
        List<Object> messages = List.of(
                new RolloutManager.Begin("fleet-10k-1a2b", fleet, replyTo),
                new RolloutManager.Query("fleet-10k-1a2b", replyTo),
                new RolloutStatus("r", RolloutStatus.State.RUNNING, 3, 117, 12, "", "", 4242, "127.0.0.1:25520"),
                new RolloutStatus("r", RolloutStatus.State.FAILED, 0, 0, 0, "", "host 3: boom", 1, ""),
                new RolloutBook.Begun("r", fleet),
                new RolloutBook.Ended("r", false, "9f86d081884c7d65", ""),
                new HostLog.Accepted(fleet, new HostCommand(17, Action.APPLY, List.of("a", "b")), 42, 3));

        for (Object m : messages) {
            assertThat(roundTrip(m)).isEqualTo(m);
        }
    }

    @Test
    void javaSerialization_isOff() {
        Serialization s = SerializationExtension.get(Adapter.toClassic(system));

        Object plain = new java.util.ArrayList<>(List.of("x"));

        assertThatThrownBy(() -> s.findSerializerFor(plain).toBinary(plain)).isNotNull();
    }
}
