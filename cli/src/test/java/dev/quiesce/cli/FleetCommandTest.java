package dev.quiesce.cli;

import dev.quiesce.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FleetCommandTest {

    private record Result(int exit, List<String> out, String err) {
        String line(String prefix) {
            return out.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    private static Result quiesce(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString().lines().toList(), err.toString());
    }

    @Test
    void fleetCanaryHalt_printsTheWaveTable_haltsAtTheThreshold_andRollsBackEveryAppliedHost(@TempDir Path dir)
            throws Exception {
        Result r = quiesce("fleet", "fleet-canary-halt", "--set", "hosts=200", "--set", "canaries.emulated=0",
                "--report", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().getFirst()).isEqualTo("fleet fleet-canary-halt: 200 hosts, seed 0x5eed, 2 worker threads");
        assertThat(r.line("wave")).contains("attempted", "patched", "failed", "timeout-cpu", "timeout-irq",
                "expectation", "violation", "decision");
        List<String> rows = r.out().stream().filter(l -> l.matches("\\s+\\d+\\s+(rollout|rollback)\\s.*")).toList();
        assertThat(rows).anySatisfy(l -> assertThat(l).contains("rollout").contains("halt (failure rate"));
        assertThat(rows.getLast()).contains("rollback").endsWith("rollback done");
        assertThat(r.line("e.g. timeout-cpu")).contains("Timed out on semaphore in CPU quiesce phase");
        assertThat(r.line("result: halted after wave")).contains("> 5%");
        assertThat(r.line("rollback: ")).matches("rollback: \\d+ hosts reverted \\(last applied first on each host\\),"
                + " 0 failed, done at .*");
        assertThat(r.line("hosts patched")).isEqualTo("hosts patched: 0 of 200; left unpatched: 200");
        assertThat(r.line("failure rate by CPU count")).contains("128 CPUs 100.0%").contains("32 CPUs 0.0%");
        assertThat(r.line("fleet-trace-hash=")).matches("fleet-trace-hash=[0-9a-f]{64}");
        assertThat(r.out().getLast()).isEqualTo("report: " + dir.resolve("fleet.html"));
        String html = Files.readString(dir.resolve("fleet.html"));
        assertThat(html).contains("id=\"fleet-timeline\"", "id=\"fleet-failures\"", "id=\"fleet-waves\"", "<svg")
                .contains(r.line("fleet-trace-hash=").substring("fleet-trace-hash=".length()));
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
        Result r = quiesce("fleet", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.line("canaries: ")).startsWith("canaries: 1 emulated (xen-default, hosts [");
        assertThat(r.line("e.g. expectation")).contains("expectation failed");
        assertThat(r.line("result: halted")).contains("failure rate");
        assertThat(r.line("rollback: ")).contains(" 0 failed");
        assertThat(r.line("hosts patched")).isEqualTo("hosts patched: 0 of 12; left unpatched: 12");
    }

    @Test
    void aBadKey_exitsTwo_namingTheKeyAndTheLegalValues() {
        Result r = quiesce("fleet", "fleet-10k", "--set", "hosts=0");
        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err()).contains("quiesce.fleet.hosts").contains("legal: 1..1000000");
    }

    @Test
    void benchFleet_printsARowPerFleetSize() {
        Result r = quiesce("bench", "fleet", "--hosts", "20,40", "--cpus", "8", "--warmup", "0", "--threads", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.line("   hosts")).contains("wall-s", "host-applies/s", "peak-heap-MiB");
        assertThat(r.out().stream().filter(l -> l.matches("\\s+(20|40)\\s+8\\s+.*"))).hasSize(2);
    }
}
