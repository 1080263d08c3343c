package dev.quiesce.cli;

import dev.quiesce.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FleetCommandTest {

    @Test
    void fleetCanaryHalt_printsTheWaveTable_haltsAtTheThreshold_andRollsBackEveryAppliedHost(@TempDir Path dir)
            throws Exception {
        CliRun r = CliRun.of("fleet", "fleet-canary-halt", "--set", "hosts=200", "--set", "canaries.emulated=0",
                "--report", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines().getFirst()).isEqualTo("fleet fleet-canary-halt: 200 hosts, seed 0x5eed, 2 worker threads");
        assertThat(line(r, "wave")).contains("attempted", "patched", "failed", "timeout-cpu", "timeout-irq",
                "expectation", "violation", "decision");
        List<String> rows = r.lines().stream().filter(l -> l.matches("\\s+\\d+\\s+(rollout|rollback)\\s.*")).toList();
        assertThat(rows).anySatisfy(l -> assertThat(l).contains("rollout").contains("halt (failure rate"));
        assertThat(rows.getLast()).contains("rollback").endsWith("rollback done");
        assertThat(line(r, "e.g. timeout-cpu")).contains("Timed out on semaphore in CPU quiesce phase");
        assertThat(line(r, "result: halted after wave")).contains("> 5%");
        assertThat(line(r, "rollback: ")).matches("rollback: \\d+ hosts reverted \\(last applied first on each host\\),"
                + " 0 failed, done at .*");
        assertThat(line(r, "hosts patched")).isEqualTo("hosts patched: 0 of 200; left unpatched: 200");
        assertThat(line(r, "failure rate by CPU count")).contains("128 CPUs 100.0%").contains("32 CPUs 0.0%");
        assertThat(line(r, "fleet-trace-hash=")).matches("fleet-trace-hash=[0-9a-f]{64}");
        assertThat(r.lines().getLast()).isEqualTo("report: " + dir.resolve("fleet.html"));
        String html = Files.readString(dir.resolve("fleet.html"));
        assertThat(html).contains("id=\"fleet-timeline\"", "id=\"fleet-failures\"", "id=\"fleet-waves\"", "<svg")
                .contains(line(r, "fleet-trace-hash=").substring("fleet-trace-hash=".length()));
    }

    @Test
    void anEmulatedCanary_appliesTheStack_andOnHaltRevertsItLastAppliedFirst(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tiny.conf");
        Files.writeString(f, """
                name = tiny
                hosts = 12
                classes = [
                  { name = small, share = 0.5, cpus = 4, model = xen-default }
                  { name = stale, share = 0.5, cpus = 8, model = xen-default, expectation-mismatch = 1.0 }
                ]
                canaries { emulated = 1, scenario = xen-default, classes = [small] }
                payloads = [xen_hello_world, xen_bye_world]
                rollout { canary-size = 4, growth-factor = 2, failure-threshold = 0, pause = 1s }
                """);
        CliRun r = CliRun.of("fleet", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(line(r, "canaries: ")).startsWith("canaries: 1 emulated (xen-default, hosts [");
        assertThat(line(r, "e.g. expectation")).contains("expectation failed");
        assertThat(line(r, "result: halted")).contains("failure rate");
        assertThat(line(r, "rollback: ")).contains(" 0 failed");
        assertThat(line(r, "hosts patched")).isEqualTo("hosts patched: 0 of 12; left unpatched: 12");
    }

    @Test
    void aBadKey_exitsTwo_namingTheKeyAndTheLegalValues() {
        CliRun r = CliRun.of("fleet", "fleet-10k", "--set", "hosts=0");
        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err()).contains("quiesce.fleet.hosts").contains("legal: 1..1000000");
    }

    @Test
    void benchFleet_printsARowPerFleetSize() {
        CliRun r = CliRun.of("bench", "fleet", "--hosts", "20,40", "--cpus", "8", "--warmup", "0", "--threads", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(line(r, "   hosts")).contains("wall-s", "host-applies/s", "peak-heap-MiB");
        assertThat(r.lines().stream().filter(l -> l.matches("\\s+(20|40)\\s+8\\s+.*"))).hasSize(2);
    }

    /** The first out line that starts with {@code prefix}, prefix included. */
    private static String line(CliRun r, String prefix) {
        return prefix + r.line(prefix);
    }
}
