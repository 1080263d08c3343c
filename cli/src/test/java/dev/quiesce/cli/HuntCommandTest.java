package dev.quiesce.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HuntCommandTest {

    /** Only the hunts' own NMIs: random finds nothing here, targeted does. */
    private static final String QUIET = "host.interrupts.nmi-rate-per-ms=0";

    @Test
    void targetedHunt_findsTheTornFetchWithinItsBudget_andReplayReproducesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("finding.replay");
        CliRun hunt = CliRun.of("hunt", "nmi-in-patched-function", "--oracle", "NoTornFetch", "--strategy", "targeted",
                "--budget", "30", "--set", QUIET, "--save", file.toString());
        assertThat(hunt.exit()).isEqualTo(Main.EXIT_FINDING);
        assertThat(hunt.out()).contains("probe (execution 1, the scenario as given): action window")
                .contains("violation: NoTornFetch violated at t=").containsPattern("found after \\d+ executions \\([\\d.]+ executions/s\\)");
        Matcher n = Pattern.compile("found after (\\d+) executions").matcher(hunt.out());
        assertThat(n.find()).isTrue();
        assertThat(Integer.parseInt(n.group(1))).isBetween(2, 30);
        String replay = hunt.line("replay: ");
        assertThat(replay).startsWith("./quiesce run nmi-in-patched-function --seed 0x2 --set '" + QUIET + "'")
                .contains("--set 'host.interrupts.injections=[{cpu=");
        assertThat(hunt.err()).contains("replay: " + replay);
        String hash = hunt.line("trace-hash=");
        assertThat(Files.readString(file)).contains("scenario: nmi-in-patched-function", "seed: 0x2",
                "trace-hash: " + hash, "oracle: NoTornFetch", "message: fetched a 5-byte instruction");

        CliRun again = CliRun.of("replay", file.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("violation and trace hash match", "trace-hash=" + hash,
                hunt.line("violation: "));

        List<String> args = new java.util.ArrayList<>(List.of("replay", "nmi-in-patched-function", "--seed", "0x2"));
        Matcher set = Pattern.compile("--set '([^']*)'").matcher(replay);
        while (set.find()) {
            args.addAll(List.of("--set", set.group(1)));
        }
        List<String> right = new java.util.ArrayList<>(args);
        right.addAll(List.of("--expect-hash", hash));
        assertThat(CliRun.of(right.toArray(String[]::new)).out()).contains("trace hash matches");
        args.addAll(List.of("--expect-hash", "00" + hash.substring(2)));
        CliRun wrong = CliRun.of(args.toArray(String[]::new));
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("trace hash differs: expected 00" + hash.substring(2) + " got " + hash);
    }

    @Test
    void shrink_ofAHuntFinding_keepsTheViolationWithFewerCpusAndInjections(@TempDir Path dir) throws Exception {
        Path finding = dir.resolve("finding.replay");
        Path small = dir.resolve("small.replay");
        Files.writeString(finding, """
                scenario: nmi-in-patched-function
                seed: 0x2
                set: host.interrupts.nmi-rate-per-ms=0
                set: host.interrupts.injections=[{cpu=0,at=57868ns,kind=nmi},{cpu=4,at=58050ns,kind=nmi},{cpu=5,at=59000ns,kind=irq}]
                trace-hash: b78da072920c1628bf15242c49ff223d27b85e2874663b3038dbe249aec9e81e
                oracle: NoTornFetch
                message: fetched a 5-byte instruction at xen_extra_version (0x400440) in its NMI handler while the site [0x400440, +5) was half written
                """);
        assertThat(CliRun.of("replay", finding.toString()).exit()).isZero();
        CliRun shrink = CliRun.of("shrink", finding.toString(), "--save", small.toString());
        assertThat(shrink.exit()).isEqualTo(Main.EXIT_FINDING);
        assertThat(shrink.out()).contains("accepted: dropped nmi on CPU 0 at ", "accepted: host.cpus ",
                "minimal scenario: nmi-in-patched-function", "violation: NoTornFetch violated");
        Matcher m = Pattern.compile("shrunk in \\d+ runs, \\d+ reductions: (\\d+) CPUs, (\\d+) injections").matcher(shrink.out());
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isLessThan(8);
        assertThat(Integer.parseInt(m.group(2))).isLessThan(3);
        assertThat(shrink.line("replay: ")).contains("host.cpus=" + m.group(1));
        CliRun replay = CliRun.of("replay", small.toString());
        assertThat(replay.exit()).isZero();
        assertThat(replay.out()).contains("violation and trace hash match");
    }

    @Test
    void hunt_withNothingToFind_exitsZeroWhenTheBudgetIsSpent() {
        CliRun r = CliRun.of("hunt", "nmi-in-patched-function", "--oracle", "NoTornFetch", "--strategy", "random",
                "--budget", "2", "--set", QUIET, "--set", "duration=60us");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("hunt: 2/2 executions").contains("no violation in 2 executions");
    }

    @Test
    void badInput_getsAClearErrorAndExit2(@TempDir Path dir) throws Exception {
        CliRun strategy = CliRun.of("hunt", "straggler", "--oracle", "NoTornFetch", "--strategy", "dfs");
        assertThat(strategy.exit()).isEqualTo(2);
        assertThat(strategy.err()).contains("--strategy 'dfs' is not a strategy; legal: [random, pct, targeted]");
        CliRun seed = CliRun.of("hunt", "straggler", "--oracle", "NoTornFetch", "--hunt-seed", "zz");
        assertThat(seed.exit()).isEqualTo(2);
        assertThat(seed.err()).contains("--hunt-seed 'zz' is not a number");
        CliRun oracle = CliRun.of("hunt", "straggler", "--oracle", "NoTornFetches");
        assertThat(oracle.exit()).isEqualTo(2);
        assertThat(oracle.err()).contains("no oracle named 'NoTornFetches'; known: [NoTornFetch");
        CliRun unchecked = CliRun.of("hunt", "nmi-in-patched-function", "--oracle", "NoMixedVersions");
        assertThat(unchecked.exit()).isEqualTo(2);
        assertThat(unchecked.err()).contains("does not check NoMixedVersions").contains("--set 'oracles=[NoMixedVersions]'");
        Path bad = dir.resolve("bad.replay");
        Files.writeString(bad, "scenario: straggler\nseed 7\n");
        CliRun file = CliRun.of("replay", bad.toString());
        assertThat(file.exit()).isEqualTo(2);
        assertThat(file.err()).contains("bad.replay:2: 'seed 7' is not `key: value`");
        CliRun notViolating = CliRun.of("shrink", "nmi-in-patched-function", "--seed", "2", "--oracle", "NoTornFetch",
                "--set", QUIET, "--set", "duration=60us");
        assertThat(notViolating.exit()).isEqualTo(2);
        assertThat(notViolating.err()).contains("the starting run does not violate NoTornFetch");
    }
}
