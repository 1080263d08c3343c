package dev.quiesce.cluster.host;

import dev.quiesce.cluster.journal.RolloutJournal;
import dev.quiesce.cluster.rollout.FleetSpec;
import dev.quiesce.fleet.rollout.FailureCause;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.splice.registry.Action;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host entity journals the commands it accepts: a re-delivered command gets the recorded outcome instead of running
 * again, and a new incarnation recovers its host by running the accepted commands again.
 */
class HostEntityTest {

    private static final FleetSpec FLEET = new FleetSpec("f", List.of(), 1);
    private static final HostCommand APPLY = new HostCommand(3, Action.APPLY, List.of("p1"));
    private static final HostCommand REVERT = new HostCommand(3, Action.REVERT, List.of("p1"));

    /** Hosts that do what they are told, counting the commands they run. */
    private static HostDriver counting(AtomicInteger runs) {
        return c -> new HostOutcome(c.host(), c.action(), c.payloads(), FailureCause.NONE,
                1_000L * runs.incrementAndGet(), 1, "");
    }

    @Test
    void aRedeliveredCommand_getsTheRecordedOutcome_andRunsOnce(@TempDir Path dir) {
        AtomicInteger runs = new AtomicInteger();
        try (Node node = new Node(dir, counting(runs))) {
            // the second delivery (attempt 2) arrives while the first runs or after it finished: it does not run
            var first = node.ask(APPLY, 7, 1);
            var again = node.ask(APPLY, 7, 2);
            HostReply a = first.join();
            HostReply b = again.join();
            HostReply c = node.ask(REVERT, 8, 1).join();

            assertThat(runs).hasValue(2);
            assertThat(b.outcome()).isEqualTo(a.outcome());
            assertThat(b.actionId()).isEqualTo(7);
            assertThat(c.actionId()).isEqualTo(8);
            assertThat(c.outcome().durationNs()).isEqualTo(2_000);
        }
    }

    @Test
    void aNewIncarnation_recoversItsHostByRunningTheAcceptedCommandsAgain(@TempDir Path dir) {
        AtomicInteger before = new AtomicInteger();
        HostReply applied;
        try (Node node = new Node(dir, counting(before))) {
            applied = node.ask(APPLY, 1, 1).join();
        }
        AtomicInteger after = new AtomicInteger();
        try (Node node = new Node(dir, counting(after))) {
            HostReply again = node.ask(APPLY, 1, 2).join();
            HostReply reverted = node.ask(REVERT, 2, 1).join();

            assertThat(before).hasValue(1);
            assertThat(after).as("the accepted apply replayed once, then the revert").hasValue(2);
            assertThat(again.outcome()).isEqualTo(applied.outcome());
            assertThat(reverted.error()).isEmpty();
            assertThat(reverted.outcome().done()).containsExactly("p1");
        }
    }

    @Test
    void aPayloadAppliedASecondTime_isRefusedWithAnError(@TempDir Path dir) {
        try (Node node = new Node(dir, counting(new AtomicInteger()))) {
            assertThat(node.ask(APPLY, 1, 1).join().error()).isEmpty();
            HostReply twice = node.ask(APPLY, 2, 1).join();

            assertThat(twice.outcome()).isNull();
            assertThat(twice.error()).contains("would apply p1 a second time");
        }
    }

    /** One actor system with an H2 journal in a directory and host 3 of rollout "r" as an entity. */
    private static final class Node implements AutoCloseable {
        private final ExecutorService pool = Executors.newFixedThreadPool(2);
        private final ActorSystem<Void> system;
        private final ActorRef<HostEntity.Command> host;

        Node(Path dir, HostDriver hosts) {
            system = ActorSystem.create(Behaviors.empty(), "host-entity-test",
                    RolloutJournal.open(dir).withFallback(com.typesafe.config.ConfigFactory.load()));
            host = system.systemActorOf(HostEntity.create(HostEntity.entityId("r", 3), new HostRunner(f -> hosts),
                    pool), "host-3", Props.empty());
        }

        CompletableFuture<HostReply> ask(HostCommand c, long actionId, int attempt) {
            return AskPattern.<HostEntity.Command, HostReply>ask(host, r -> new HostEntity.Run(FLEET, c, actionId,
                    attempt, r), Duration.ofSeconds(20), system.scheduler()).toCompletableFuture();
        }

        @Override
        public void close() {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
            pool.shutdownNow();
        }
    }
}
