package dev.quiesce.history.variant;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.hunt.Hunt;
import dev.quiesce.hunt.HuntResult;
import dev.quiesce.hunt.HuntSettings;
import dev.quiesce.hunt.OracleTarget;
import dev.quiesce.hunt.Strategy;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case {@code scenarios/history/patch-text-sentinel-reset.conf} (arm64 899d5933b2dd on x86): at the case's
 * documented seed the sentinel reset strands the CPU whose NMI handler was running when stop_machine's run state
 * began, and {@code RendezvousLiveness} reports it; the extra increment of the fix lets every CPU go at that seed and
 * over 200 seeds of a random hunt. Nothing here is pinned but what the case file says (seed, oracle, fixed sets).
 */
class PatchTextSentinelResetTest {

    private static final Path CASE = Path.of("../scenarios/history/patch-text-sentinel-reset.conf");

    @TempDir
    static Path dir;

    /** The case's {@code history} block. */
    private static Config history() {
        return ConfigFactory.parseFile(CASE.toFile()).getConfig("history");
    }

    /**
     * The case as a scenario file the loader of this branch reads: the {@code history} block (the file's last
     * top-level block) cut off, until the loader accepts and ignores it.
     */
    private static String scenario() throws IOException {
        String text = Files.readString(CASE);
        int at = text.indexOf("\nhistory {");
        Path p = dir.resolve("patch-text-sentinel-reset.conf");
        Files.writeString(p, at < 0 ? text : text.substring(0, at + 1));
        return p.toString();
    }

    private static List<String> at(String seed, List<String> more) {
        List<String> sets = new ArrayList<>(List.of("seed=\"" + seed + "\""));
        sets.addAll(more);
        return sets;
    }

    @Test
    void sentinelResetStrandsALateArriver() throws IOException {
        Config h = history();
        ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load(scenario(), at(h.getString("seed"), List.of())), true);
        assertThat(r.outcomes()).singleElement().satisfies(o -> assertThat(o.result()).isEqualTo(ApplyResult.DONE));
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.oracle()).isEqualTo(h.getString("oracle"));
            assertThat(v.message()).contains("never released");
        });
        int stuck = r.violations().getFirst().cpu();
        long run = r.outcomes().getFirst().events().stream().filter(e -> e instanceof RendezvousEvent.ActionDone)
                .mapToLong(RendezvousEvent::time).findFirst().orElseThrow();
        long entered = r.trace().stream().filter(e -> e.cpu() == stuck && e.time() <= run
                && e instanceof CpuEvent.InterruptEntry i && i.kind() == InterruptKind.NMI)
                .mapToLong(CpuEvent::time).max().orElseThrow();
        long exited = r.trace().stream().filter(e -> e.cpu() == stuck && e.time() > entered
                && e instanceof CpuEvent.InterruptExit x && x.kind() == InterruptKind.NMI)
                .mapToLong(CpuEvent::time).min().orElseThrow();
        assertThat(exited).as("the stranded CPU was inside an NMI handler when the run state began at %d", run)
                .isGreaterThan(run);
    }

    @Test
    void theExtraIncrementLetsEveryCpuGoAtTheSameSeed() throws IOException {
        Config h = history();
        ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load(scenario(),
                at(h.getString("seed"), h.getStringList("fixed"))), false);
        assertThat(r.scenario().protocol()).isEqualTo(PatchTextExtraIncrement.NAME);
        assertThat(r.outcomes()).singleElement().satisfies(o -> assertThat(o.result()).isEqualTo(ApplyResult.DONE));
        assertThat(r.violations()).isEmpty();
    }

    @Test
    void theSameSeedGivesTheSameTraceWithOneOrFourThreads() throws IOException {
        String seed = history().getString("seed");
        ScenarioResult one = ScenarioRunner.run(ScenarioLoader.load(scenario(), at(seed, List.of("threads=1"))), false);
        ScenarioResult four = ScenarioRunner.run(ScenarioLoader.load(scenario(), at(seed, List.of("threads=4"))),
                false);
        assertThat(four.report().traceHash()).isEqualTo(one.report().traceHash());
        assertThat(four.violations()).isEqualTo(one.violations());
    }

    @Test
    void theFixIsCleanOverTwoHundredSeedsOfARandomHunt() throws IOException {
        Config h = history();
        HuntResult r = Hunt.run(new HuntSettings(scenario(), h.getStringList("fixed"),
                OracleTarget.of(h.getString("oracle")), 200, Strategy.RANDOM, 2, 1, HuntSettings.DEFAULT_DEPTH),
                new Hunt.Listener() { });
        assertThat(r.found()).as("a violation of the fixed variant: %s", r.violation()).isFalse();
        assertThat(r.executions()).isEqualTo(200);
    }
}
