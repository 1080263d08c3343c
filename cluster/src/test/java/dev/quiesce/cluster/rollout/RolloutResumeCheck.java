package dev.quiesce.cluster.rollout;

import dev.quiesce.cluster.node.ClusterNode;
import dev.quiesce.cluster.node.ClusterSettings;
import dev.quiesce.cluster.node.NodeOptions;
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
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check that the event-sourced rollout resumes from a journal: a rollout stopped after its first wave, resumed on
 * the same journal, ends as an undisturbed run, each host applying its command once. Shared by the tests of each
 * database the journal runs on.
 */
public final class RolloutResumeCheck {

    /** 100 modelled hosts (waves of 10, 30, 60); some 16-CPU hosts straggle past the 5 ms timeout but it goes on. */
    private static final String FLEET = """
            name = persistent
            hosts = 100
            classes = [
              { name = eight, share = 0.5, cpus = 8, model = xen-default }
              { name = sixteen, share = 0.5, cpus = 16, model = xen-default,
                stragglers = { share = 0.3, cpus = 1, lead = 5us, length = [100us, 1ms, 8ms] } }
            ]
            payloads = [xen_hello_world, xen_bye_world]
            barrier.timeout = 5ms
            retry = none
            rollout { canary-size = 10, growth-factor = 3, max-concurrent = 100, failure-threshold = 0.5, pause = 1s }
            """;
    private static final int FIRST_WAVE = 10;

    private RolloutResumeCheck() {
    }

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

    /**
     * Runs the fleet undisturbed on journal {@code undisturbedJournal} as rollout "{@code id}-undisturbed", then
     * stops it after its first wave and resumes it on {@code crashedJournal} as "{@code id}-crashed"; asserts that
     * the resumed run ends as the undisturbed one (and as a plain in-memory run) and that every host applied its
     * command once. Each journal is opened anew for every node started on it.
     */
    public static void assertResumesAsUndisturbed(Path scratch, String id, Supplier<Config> undisturbedJournal,
            Supplier<Config> crashedJournal) throws Exception {
        FleetScenario s = fleet(scratch);
        HostDriver modelled = new ModelledDriver(s, new FleetLayout(s));
        RolloutResult plain = RolloutRunner.run(rollout(s), modelled, 2);

        CountingDriver undisturbedHosts = new CountingDriver(modelled, Integer.MAX_VALUE);
        RolloutResult undisturbed = run(undisturbedJournal.get(), id + "-undisturbed", s, undisturbedHosts);
        assertThat(undisturbed).usingRecursiveComparison().isEqualTo(plain);

        CountingDriver before = new CountingDriver(modelled, FIRST_WAVE);
        ActorSystem<Void> first = node(crashedJournal.get(), before);
        start(first, id + "-crashed", s);
        assertThat(before.parked.await(2, TimeUnit.MINUTES)).as("the second wave was issued").isTrue();
        stop(first);
        assertThat(before.applies).hasSize(FIRST_WAVE);

        CountingDriver after = new CountingDriver(modelled, Integer.MAX_VALUE);
        RolloutResult resumed = run(crashedJournal.get(), id + "-crashed", s, after);

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

    private static FleetScenario fleet(Path dir) throws IOException {
        Path f = dir.resolve("persistent.conf");
        Files.writeString(f, FLEET);
        return FleetScenarioLoader.load(f.toString(), List.of());
    }

    private static Rollout rollout(FleetScenario s) {
        FleetLayout layout = new FleetLayout(s);
        return new Rollout(layout.order(), s.policy(), s.payloads(), layout::group);
    }

    /** One cluster node on 127.0.0.1 (port 0): journal settings {@code journal}, host entities on {@code hosts}. */
    private static ActorSystem<Void> node(Config journal, HostDriver hosts) {
        return ClusterNode.start(new NodeOptions("127.0.0.1", 0, List.of(), true, journal, spec -> hosts, false));
    }

    private static CompletionStage<RolloutResult> start(ActorSystem<Void> system, String id, FleetScenario s) {
        FleetSpec spec = new FleetSpec(s.source(), s.sets(), s.seed());
        ActorRef<PersistentRollout.Command> r = system.systemActorOf(
                PersistentRollout.create(id, () -> rollout(s), spec,
                        ClusterSettings.read(system.settings().config())), "rollout", Props.empty());
        return AskPattern.askWithStatus(r, PersistentRollout.Start::new, Duration.ofMinutes(2), system.scheduler());
    }

    private static void stop(ActorSystem<Void> system) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static RolloutResult run(Config journal, String id, FleetScenario s, HostDriver hosts) {
        ActorSystem<Void> system = node(journal, hosts);
        try {
            return start(system, id, s).toCompletableFuture().orTimeout(2, TimeUnit.MINUTES).join();
        } finally {
            stop(system);
        }
    }
}
