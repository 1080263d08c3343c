package dev.quiesce.cluster;

import com.typesafe.config.Config;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.fleet.rollout.HostOutcome;
import dev.quiesce.fleet.rollout.Rollout;
import dev.quiesce.fleet.rollout.RolloutResult;
import dev.quiesce.fleet.rollout.RolloutRunner;
import dev.quiesce.fleet.scenario.FleetLayout;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.FleetScenarioLoader;
import dev.quiesce.fleet.scenario.ModelledDriver;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The event-sourced rollout on an H2 journal: stopped after its first wave, resumed, it ends as an undisturbed run. */
class PersistentRolloutTest {

    /** 100 modelled hosts (waves of 10, 30, 60); some 16-CPU hosts straggle past the 5 ms timeout but it goes on. */
    private static final String FLEET = """
            name = persistent
            hosts = 100
            classes = [
              { name = eight, share = 0.5, cpus = 8, model = xen-default }
              { name = sixteen, share = 0.5, cpus = 16, model = xen-default,
                stragglers = { share = 0.3, cpus = 1, lead = 5us, length = [100us, 1ms, 8ms] } }
            ]
            payloads = [p1, p2]
            barrier.timeout = 5ms
            retry = none
            rollout { canary-size = 10, growth-factor = 3, max-concurrent = 100, failure-threshold = 0.5, pause = 1s }
            """;
    private static final int FIRST_WAVE = 10;

    /** The test's hosts: modelled, counting the commands each host applies; past {@code parkAfter} they hang. */
    private static final class CountingDriver implements HostDriver {
        private final HostDriver hosts;
        private final int parkAfter;
        private final AtomicInteger calls = new AtomicInteger();
        private final CountDownLatch parked = new CountDownLatch(1);
        private final CountDownLatch never = new CountDownLatch(1);
        final Map<Integer, Integer> applies = new ConcurrentHashMap<>();
        final Map<Integer, List<String>> done = new ConcurrentHashMap<>();

        CountingDriver(HostDriver hosts, int parkAfter) {
            this.hosts = hosts;
            this.parkAfter = parkAfter;
        }

        @Override
        public HostOutcome run(HostCommand command) {
            if (calls.incrementAndGet() > parkAfter) {
                parked.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the node stopped");
            }
            applies.merge(command.host(), 1, Integer::sum);
            HostOutcome o = hosts.run(command);
            done.put(command.host(), o.done());
            return o;
        }
    }

    private static FleetScenario fleet(Path dir) throws IOException {
        Path f = dir.resolve("persistent.conf");
        Files.writeString(f, FLEET);
        return FleetScenarioLoader.load(f.toString(), List.of());
    }

    private static Rollout rollout(FleetScenario s) {
        FleetLayout layout = new FleetLayout(s);
        return new Rollout(layout.order(), s.policy(), s.payloads(), layout::group);
    }

    /** One cluster node on 127.0.0.1 (port 0) with the journal in {@code journal} and host entities on {@code hosts}. */
    private static ActorSystem<Void> node(Path journal, HostDriver hosts) {
        Config config = RolloutJournal.open(journal).withFallback(ClusterNode.config(0, List.of(), true));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterNode.SYSTEM, config);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        system.getWhenTerminated().thenRun(pool::shutdownNow);
        HostRunner runner = new HostRunner(spec -> hosts);
        ClusterSharding.get(system).init(Entity.of(HostEntity.TYPE, ctx -> HostEntity.create(runner, pool)));
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        return system;
    }

    private static CompletionStage<RolloutResult> start(ActorSystem<Void> system, FleetScenario s) {
        FleetSpec spec = new FleetSpec(s.source(), s.sets(), s.seed());
        ActorRef<PersistentRollout.Command> r = system.systemActorOf(
                PersistentRollout.create("test", () -> rollout(s), spec), "rollout", Props.empty());
        return AskPattern.askWithStatus(r, PersistentRollout.Start::new, Duration.ofMinutes(2), system.scheduler());
    }

    private static void stop(ActorSystem<Void> system) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static RolloutResult run(Path journal, FleetScenario s, HostDriver hosts) {
        ActorSystem<Void> system = node(journal, hosts);
        try {
            return start(system, s).toCompletableFuture().orTimeout(2, TimeUnit.MINUTES).join();
        } finally {
            stop(system);
        }
    }

    @Test
    void aRolloutStoppedAfterItsFirstWave_resumesFromTheJournal_andEndsAsAnUndisturbedRun(@TempDir Path dir)
            throws Exception {
        FleetScenario s = fleet(dir);
        HostDriver modelled = new ModelledDriver(s, new FleetLayout(s));
        RolloutResult plain = RolloutRunner.run(rollout(s), modelled, 2);

        CountingDriver undisturbedHosts = new CountingDriver(modelled, Integer.MAX_VALUE);
        RolloutResult undisturbed = run(Files.createDirectory(dir.resolve("undisturbed")), s, undisturbedHosts);
        assertThat(undisturbed).usingRecursiveComparison().isEqualTo(plain);

        Path journal = Files.createDirectory(dir.resolve("crashed"));
        CountingDriver before = new CountingDriver(modelled, FIRST_WAVE);
        ActorSystem<Void> first = node(journal, before);
        start(first, s);
        assertThat(before.parked.await(2, TimeUnit.MINUTES)).as("the second wave was issued").isTrue();
        stop(first);
        assertThat(before.applies).hasSize(FIRST_WAVE);

        CountingDriver after = new CountingDriver(modelled, Integer.MAX_VALUE);
        RolloutResult resumed = run(journal, s, after);

        assertThat(resumed).usingRecursiveComparison().isEqualTo(undisturbed);
        assertThat(resumed.traceHash()).isEqualTo(undisturbed.traceHash());
        assertThat(after.applies.keySet()).doesNotContainAnyElementsOf(before.applies.keySet());
        Map<Integer, Integer> applies = new TreeMap<>(before.applies);
        after.applies.forEach((h, n) -> applies.merge(h, n, Integer::sum));
        assertThat(applies).hasSize(100).allSatisfy((h, n) -> assertThat(n).as("applies on host " + h).isEqualTo(1));
        Map<Integer, List<String>> done = new TreeMap<>(before.done);
        done.putAll(after.done);
        assertThat(done).isEqualTo(new TreeMap<>(undisturbedHosts.done));
    }
}
