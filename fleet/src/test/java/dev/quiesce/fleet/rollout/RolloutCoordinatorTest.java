package dev.quiesce.fleet.rollout;

import dev.quiesce.fleet.scenario.FleetLayout;
import dev.quiesce.fleet.scenario.FleetScenario;
import dev.quiesce.fleet.scenario.FleetScenarioLoader;
import dev.quiesce.fleet.scenario.ModelledDriver;
import dev.quiesce.splice.registry.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The Pekko coordinator over modelled hosts: parallel applies, decisions independent of arrival order. */
class RolloutCoordinatorTest {

    /** 200 modelled hosts of 8 and 16 CPUs; a third of the 16-CPU ones have a straggler, some past the 5 ms timeout. */
    private static final String SMALL_FLEET = """
            name = small
            hosts = 200
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

    private static FleetScenario fleet(Path dir, String... sets) throws IOException {
        Path f = dir.resolve("small.conf");
        Files.writeString(f, SMALL_FLEET);
        return FleetScenarioLoader.load(f.toString(), List.of(sets));
    }

    private static RolloutResult run(FleetScenario s, HostDriver driver, int workers) {
        FleetLayout layout = new FleetLayout(s);
        return RolloutRunner.run(new Rollout(layout.order(), s.policy(), s.payloads(), layout::group), driver, workers);
    }

    @Test
    void theFleetTraceHashIsIdenticalWithOneAndSeveralWorkerThreads(@TempDir Path dir) throws IOException {
        FleetScenario s = fleet(dir);
        FleetLayout layout = new FleetLayout(s);
        RolloutResult one = run(s, new ModelledDriver(s, layout), 1);
        RolloutResult three = run(s, new ModelledDriver(s, layout), 3);
        assertThat(three).usingRecursiveComparison().isEqualTo(one);
        assertThat(one.traceHash()).matches("[0-9a-f]{64}").isEqualTo(three.traceHash());
        // the straggling 16-CPU hosts past the timeout fail in the CPU phase; the waves go on below 50%
        assertThat(one.halted()).isFalse();
        assertThat(one.byGroup().get("16 CPUs").failed()).isPositive();
        assertThat(one.byGroup().get("8 CPUs").failed()).isZero();
        assertThat(one.waves().stream().mapToInt(w -> w.failures(FailureCause.TIMEOUT_CPU)).sum())
                .isEqualTo(one.unpatched());
        assertThat(one.fleetTimeNs()).isGreaterThan(3_000_000_000L); // three pauses of 1 s between four waves
    }

    @Test
    void theCoordinatorDecidesAsThePlainRolloutDrivenInHostOrder(@TempDir Path dir) throws IOException {
        FleetScenario s = fleet(dir, "hosts=60");
        FleetLayout layout = new FleetLayout(s);
        HostDriver driver = new ModelledDriver(s, layout);
        Rollout plain = new Rollout(layout.order(), s.policy(), s.payloads(), layout::group);
        List<HostCommand> wave = plain.start();
        while (!plain.finished()) {
            wave.forEach(c -> plain.record(driver.run(c)));
            wave = plain.decide();
        }
        assertThat(run(s, driver, 2)).usingRecursiveComparison().isEqualTo(plain.result());
    }

    @Test
    void aFailingHostDriver_endsTheRolloutWithItsError_notAHang() {
        Rollout r = new Rollout(java.util.stream.IntStream.range(0, 8).boxed().toList(),
                new RolloutPolicy(4, 2, 4, 0, true, true, 0), List.of("p"), h -> "8 CPUs");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RolloutRunner.run(r, c -> {
            if (c.host() == 3) {
                throw new IllegalArgumentException("no such payload: p");
            }
            return new HostOutcome(c.host(), c.action(), c.payloads(), FailureCause.NONE, 1, 1, "");
        }, 2)).isInstanceOf(IllegalStateException.class).hasMessage("host 3 failed to run:"
                + " java.lang.IllegalArgumentException: no such payload: p");
    }

    @Test
    void fleetCanaryHalt_haltsAtAWavesThreshold_andRevertsEveryAppliedHostLastAppliedFirst() {
        FleetScenario s = FleetScenarioLoader.load("../scenarios/fleet-canary-halt.conf",
                List.of("hosts=200", "canaries.emulated=0"));
        FleetLayout layout = new FleetLayout(s);
        ModelledDriver modelled = new ModelledDriver(s, layout);
        List<HostCommand> seen = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, HostOutcome> applied = Collections.synchronizedMap(new TreeMap<>());
        RolloutResult r = run(s, c -> {
            seen.add(c);
            HostOutcome o = modelled.run(c);
            if (c.action() == Action.APPLY && !o.done().isEmpty()) {
                applied.put(c.host(), o);
            }
            return o;
        }, 2);
        assertThat(r.halted()).isTrue();
        assertThat(r.haltReason()).startsWith("failure rate ");
        assertThat(r.byGroup().get("128 CPUs").failureRate()).isEqualTo(1.0);
        assertThat(r.examples()).anySatisfy(o -> assertThat(o.detail())
                .contains("Timed out on semaphore in CPU quiesce phase"));
        List<HostCommand> reverts = seen.stream().filter(c -> c.action() == Action.REVERT).toList();
        assertThat(reverts).extracting(HostCommand::host).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(applied.keySet());
        for (HostCommand c : reverts) {
            assertThat(c.payloads()).isEqualTo(applied.get(c.host()).done().reversed());
        }
        assertThat(reverts).allSatisfy(c -> assertThat(c.payloads()).containsExactly("xen_bye_world",
                "xen_hello_world"));
        assertThat(r.rolledBack()).isEqualTo(applied.size());
        assertThat(r.rollbackFailed()).isZero();
        assertThat(r.patched()).isZero();
        assertThat(r.unpatched()).isEqualTo(200);
    }
}
