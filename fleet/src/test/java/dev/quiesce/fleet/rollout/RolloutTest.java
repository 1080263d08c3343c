package dev.quiesce.fleet.rollout;

import dev.quiesce.splice.registry.Action;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The rollout's decisions without actors: a fake fleet whose host outcomes are a function of the command. */
class RolloutTest {

    private static final List<String> STACK = List.of("a", "b", "c");

    /** Applies the whole stack in 100 + host ns, except that hosts {@code failing} time out after "a". */
    private static HostOutcome fake(HostCommand c, java.util.Set<Integer> failing) {
        if (c.action() == Action.APPLY && failing.contains(c.host())) {
            return new HostOutcome(c.host(), c.action(), List.of("a"), FailureCause.TIMEOUT_CPU, 30_000_000, 1,
                    "Timed out on semaphore in CPU quiesce phase 7/8");
        }
        return new HostOutcome(c.host(), c.action(), c.payloads(), FailureCause.NONE, 100 + c.host(), 1, "");
    }

    /** Runs {@code r} to the end, feeding each wave's outcomes in the order {@code arrange} gives. */
    private static List<HostCommand> drive(Rollout r, Function<HostCommand, HostOutcome> fleet,
                                           Function<List<HostOutcome>, List<HostOutcome>> arrange) {
        List<HostCommand> all = new ArrayList<>();
        List<HostCommand> wave = r.start();
        while (!r.finished()) {
            all.addAll(wave);
            for (HostOutcome o : arrange.apply(wave.stream().map(fleet).toList())) {
                r.record(o);
            }
            wave = r.decide();
        }
        return all;
    }

    private static Rollout rollout(int hosts, double threshold, boolean rollback) {
        List<Integer> order = IntStream.range(0, hosts).boxed().toList();
        return new Rollout(order, new RolloutPolicy(4, 2, 16, threshold, true, rollback, 1_000_000_000), STACK,
                h -> (h % 2 == 0 ? 8 : 16) + " CPUs");
    }

    @Test
    void aWaveAboveTheFailureThreshold_haltsTheRollout_andEveryAppliedHostIsRevertedLastAppliedFirst() {
        Rollout r = rollout(40, 0.2, true);
        List<HostCommand> commands = drive(r, c -> fake(c, java.util.Set.of(5, 7, 9)), Function.identity());
        RolloutResult result = r.result();
        // waves 4, 8 (hosts 4..11 hold 3 failures: 37.5% > 20%): halt after wave 2, then roll back 12 hosts
        assertThat(result.halted()).isTrue();
        assertThat(result.haltReason()).isEqualTo("failure rate 37.5% > 20%");
        assertThat(result.rolloutWaves()).hasSize(2);
        assertThat(result.waves().get(1).failures(FailureCause.TIMEOUT_CPU)).isEqualTo(3);
        List<HostCommand> reverts = commands.stream().filter(c -> c.action() == Action.REVERT).toList();
        assertThat(reverts).extracting(HostCommand::host).containsExactlyElementsOf(IntStream.range(0, 12).boxed()
                .toList());
        for (HostCommand c : reverts) {
            assertThat(c.payloads()).isEqualTo(java.util.Set.of(5, 7, 9).contains(c.host()) ? List.of("a")
                    : List.of("c", "b", "a"));
        }
        assertThat(commands.indexOf(reverts.getFirst())).isGreaterThan(commands.stream()
                .filter(c -> c.action() == Action.APPLY).map(commands::indexOf).max(Integer::compare).orElseThrow());
        assertThat(result.rolledBack()).isEqualTo(12);
        assertThat(result.rollbackFailed()).isZero();
        assertThat(result.patched()).isZero();
        assertThat(result.unpatched()).isEqualTo(40);
        assertThat(result.fleetTimeNs()).isEqualTo(-1);
        // the rollback starts when the halting wave's slowest host finished
        WaveReport halting = result.waves().get(1);
        assertThat(result.waves().get(2).startNs()).isEqualTo(halting.endNs());
        assertThat(result.byGroup().get("16 CPUs").failed()).isEqualTo(3);
    }

    @Test
    void theDecisionsAndTheTraceHashDoNotDependOnTheOrderOutcomesArrive() {
        Rollout sorted = rollout(60, 0.2, true);
        drive(sorted, c -> fake(c, java.util.Set.of(30, 31, 33, 35)), Function.identity());
        Rollout shuffled = rollout(60, 0.2, true);
        drive(shuffled, c -> fake(c, java.util.Set.of(30, 31, 33, 35)), l -> {
            List<HostOutcome> s = new ArrayList<>(l);
            Collections.reverse(s);
            Collections.swap(s, 0, s.size() / 2);
            return s;
        });
        assertThat(shuffled.result()).usingRecursiveComparison().isEqualTo(sorted.result());
        assertThat(shuffled.result().traceHash()).matches("[0-9a-f]{64}").isEqualTo(sorted.result().traceHash());
    }

    @Test
    void aCleanRollout_patchesEveryHost_wavesStartAfterThePreviousSlowestHostPlusThePause() {
        Rollout r = rollout(30, 0.2, true);
        drive(r, c -> fake(c, java.util.Set.of()), Function.identity());
        RolloutResult result = r.result();
        assertThat(result.halted()).isFalse();
        assertThat(result.waves()).extracting(WaveReport::attempted).containsExactly(4, 8, 16, 2);
        for (int i = 1; i < result.waves().size(); i++) {
            assertThat(result.waves().get(i).startNs()).isEqualTo(result.waves().get(i - 1).endNs() + 1_000_000_000);
        }
        assertThat(result.waves().getFirst().tookNs()).isEqualTo(103); // host 3 is the slowest of hosts 0..3
        assertThat(result.fleetTimeNs()).isEqualTo(result.waves().getLast().endNs());
        assertThat(result.patched()).isEqualTo(30);
        assertThat(result.unpatched()).isZero();
        assertThat(result.waves().getLast().decision()).isEqualTo("done");
    }

    @Test
    void aViolationHaltsEvenBelowTheThreshold_andWithoutRollbackTheAppliedHostsStayPatched() {
        Rollout r = rollout(30, 1.0, false);
        drive(r, c -> c.host() == 6 ? new HostOutcome(6, c.action(), List.of(), FailureCause.VIOLATION, 10, 1,
                "NoTornFetch at t=1ns") : fake(c, java.util.Set.of()), Function.identity());
        RolloutResult result = r.result();
        assertThat(result.haltReason()).isEqualTo("oracle violation on host 6");
        assertThat(result.violated()).isTrue();
        assertThat(result.waves()).hasSize(2).allMatch(w -> w.kind() == WaveReport.Kind.ROLLOUT);
        assertThat(result.patched()).isEqualTo(11);
        Map<FailureCause, HostOutcome> examples = new TreeMap<>();
        result.examples().forEach(o -> examples.put(o.cause(), o));
        assertThat(examples).containsOnlyKeys(FailureCause.VIOLATION);
    }
}
