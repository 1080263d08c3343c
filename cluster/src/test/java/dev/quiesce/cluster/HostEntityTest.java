package dev.quiesce.cluster;

import dev.quiesce.fleet.rollout.FailureCause;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.splice.registry.Action;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A host entity answers a re-delivered command with the recorded outcome instead of applying it again. */
class HostEntityTest {

    @Test
    void aRedeliveredCommand_getsTheRecordedOutcome_andIsAppliedOnce() {
        AtomicInteger applies = new AtomicInteger();
        HostRunner runner = new HostRunner(spec -> c -> new HostOutcome(c.host(), c.action(), c.payloads(),
                FailureCause.NONE, 1_000L * applies.incrementAndGet(), 1, ""));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "host-entity-test");
        try {
            ActorRef<HostEntity.Command> host = system.systemActorOf(HostEntity.create(runner, pool), "host-3",
                    Props.empty());
            FleetSpec fleet = new FleetSpec("f", List.of(), 1);
            HostCommand apply = new HostCommand(3, Action.APPLY, List.of("p1"));
            // the second delivery arrives while the first runs or after it finished: either way it is not applied
            var first = ask(system, host, fleet, apply, 7, 1);
            var again = ask(system, host, fleet, apply, 7, 1);
            List<HostReply> replies = List.of(first.join(), again.join(), ask(system, host, fleet, apply, 8, 1).join());

            assertThat(applies).hasValue(2);
            assertThat(replies.get(1)).isEqualTo(replies.get(0));
            assertThat(replies.get(2).actionId()).isEqualTo(8);
            assertThat(replies.get(2).outcome().durationNs()).isEqualTo(2_000);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
            pool.shutdownNow();
        }
    }

    private static CompletableFuture<HostReply> ask(ActorSystem<?> system, ActorRef<HostEntity.Command> host,
                                                    FleetSpec fleet, HostCommand c, long actionId, int attempt) {
        return AskPattern.<HostEntity.Command, HostReply>ask(host, r -> new HostEntity.Run(fleet, c, actionId, attempt,
                r), Duration.ofSeconds(20), system.scheduler()).toCompletableFuture();
    }
}
