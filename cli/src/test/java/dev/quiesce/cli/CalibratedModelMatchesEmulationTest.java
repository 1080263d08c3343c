package dev.quiesce.cli;

import dev.quiesce.calibrate.ModelledRun;
import dev.quiesce.fleet.model.CpuModel;
import dev.quiesce.fleet.model.ModelCodec;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance test: a modelled host built from a calibrated model file reproduces the emulated host's
 * barrier-success rate for the same timeout. Per scenario: calibrate its class from {@value #CALIBRATION_SEEDS}
 * seeds (through the command line, into a model file), then run its first action over {@value #SEEDS} other seeds
 * on the emulated host and on a modelled host of that class (same CPUs, protocol, quantum, request, retry and
 * stragglers), and compare the first-attempt success rates.
 *
 * <p>Timeouts are chosen so that the outcome depends on timing (the emulated rate is well inside (0, 1)): 4 CPUs
 * and a 5 µs rendezvous timeout on xen-default; on straggler, CPU 3 given 16000 iterations (20 µs) of
 * non-preemptible work at the request's time and a 20 µs timeout.
 *
 * <p>Tolerance: |modelled - emulated| <= {@value #TOLERANCE} absolute. Two independent estimates from 200 runs
 * each at p ~ 0.5 differ by sd sqrt(2 * 0.25 / 200) = 0.05 from sampling alone, so 0.10 is two such sds: the
 * test catches a model that is off by more than that, not less.
 */
class CalibratedModelMatchesEmulationTest {

    static final int SEEDS = 200;
    static final int CALIBRATION_SEEDS = 20;
    static final double TOLERANCE = 0.10;
    /** Comparison runs use seeds the calibration did not: the scenario's seed + this + j. */
    static final long SEED_OFFSET = 1_000;

    @Test
    void xenDefault_aModelledHostMatchesTheEmulatedBarrierSuccessRate(@TempDir Path dir) throws Exception {
        compare(dir, "xen-default", List.of("host.cpus=4", "barrier.timeout=5us"));
    }

    @Test
    void straggler_aModelledHostMatchesTheEmulatedBarrierSuccessRate(@TempDir Path dir) throws Exception {
        compare(dir, "straggler", List.of("barrier.timeout=20us", "stragglers=[{cpu=3,at=200us,iterations=16000}]"));
    }

    private static void compare(Path dir, String scenario, List<String> sets) throws Exception {
        long start = System.nanoTime();
        Path file = dir.resolve("model.json");
        List<String> args = new ArrayList<>(List.of("calibrate", scenario, "-o", file.toString(), "--seeds",
                "" + CALIBRATION_SEEDS, "--duration", "1ms"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        CliRun cal = CliRun.of(args.toArray(String[]::new));
        assertThat(cal.exit()).as(cal.err()).isZero();
        CpuModel model = ModelCodec.read(file).model(scenario);
        long calibrated = System.nanoTime();

        Scenario base = ScenarioLoader.load(scenario, sets);
        List<Scenario> runs = new ArrayList<>();
        for (int j = 0; j < SEEDS; j++) {
            List<String> s = new ArrayList<>(sets);
            s.add("seed=\"0x" + Long.toHexString(base.seed() + SEED_OFFSET + j) + "\"");
            runs.add(ScenarioLoader.load(scenario, s));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int emulated = 0;
        int modelled = 0;
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (Scenario s : runs) {
                futures.add(pool.submit(() -> ModelledRun.firstAttemptSucceeded(ScenarioRunner.run(s, false)
                        .outcomes())));
            }
            for (int j = 0; j < SEEDS; j++) {
                emulated += futures.get(j).get() ? 1 : 0;
                modelled += ModelledRun.firstAttemptSucceeded(ModelledRun.apply(runs.get(j), model)) ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        double e = emulated / (double) SEEDS;
        double m = modelled / (double) SEEDS;
        System.out.printf(Locale.ROOT, "%s %s: barrier success over %d seeds: emulated %.3f (%d), modelled %.3f (%d),"
                + " |diff| %.3f (tolerance %.2f); calibration %.1f s, comparison %.1f s%n", scenario, sets, SEEDS, e,
                emulated, m, modelled, Math.abs(m - e), TOLERANCE, (calibrated - start) / 1e9,
                (System.nanoTime() - calibrated) / 1e9);
        assertThat(e).as("the emulated rate must depend on timing for the comparison to mean anything")
                .isBetween(0.2, 0.8);
        assertThat(Math.abs(m - e)).as("modelled %.3f vs emulated %.3f", m, e).isLessThanOrEqualTo(TOLERANCE);
    }
}
