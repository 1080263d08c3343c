package dev.quiesce.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    @Test
    void run_printsSeedFirstTableThenTraceHashAndTheReplayLineLast(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("run.json");
        CliRun r = CliRun.of("run", "--seed", "0x2a", "--cpus", "3", "--duration", "300us", "--json", json.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.lines().getFirst()).isEqualTo("seed=0x2a");
        assertThat(r.lines().get(r.lines().size() - 2)).matches("trace-hash=[0-9a-f]{64}");
        assertThat(r.lines().getLast()).isEqualTo("replay: ./quiesce run xen-default --seed 0x2a --set 'host.cpus=3'"
                + " --set 'duration=300us'");
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).contains("instructions").contains("quiescence")
                .contains("irqs").contains("nmis").contains("max-gap-us").contains("faults"));
        assertThat(r.lines().stream().filter(l -> l.matches("\\s+[0-2](\\s+\\d+){5}\\s+[\\d.]+\\s+\\d+"))).hasSize(3);
        String text = Files.readString(json);
        assertThat(text).contains("\"seed\": \"0x2a\"").contains("\"traceHash\": \"" + r.traceHash() + "\"");
        assertThat(text).as("machine checks per CPU, off by default").contains("\"nmis\": 0, \"mces\": 0,");
        Matcher m = Pattern.compile("\"instructions\": (\\d+)").matcher(text);
        Matcher v = Pattern.compile("\"durationNs\": (\\d+)").matcher(text);
        assertThat(v.find()).isTrue();
        long ended = Long.parseLong(v.group(1)); // the run ends once the scenario's apply settled
        assertThat(ended).isBetween(200_000L, 300_000L);
        int cpus = 0;
        while (m.find()) {
            // 250ps per instruction, less the time spent spinning in the rendezvous
            assertThat(Long.parseLong(m.group(1))).isBetween(ended * 3, ended * 4);
            cpus++;
        }
        assertThat(cpus).isEqualTo(3);
    }

    @Test
    void run_sameSeedSameHashWhateverTheThreads_differentSeedDifferentHash() {
        CliRun a = CliRun.of("run", "--seed", "7", "--cpus", "4", "--duration", "200us", "--threads", "1");
        CliRun b = CliRun.of("run", "--seed", "7", "--cpus", "4", "--duration", "200us", "--threads", "2");
        CliRun c = CliRun.of("run", "--seed", "8", "--cpus", "4", "--duration", "200us", "--threads", "2");
        assertThat(b.traceHash()).isEqualTo(a.traceHash());
        assertThat(c.traceHash()).isNotEqualTo(a.traceHash());
    }

    @Test
    void badInput_getsAClearErrorAndANonZeroExit() {
        CliRun cpus = CliRun.of("run", "--cpus", "300");
        assertThat(cpus.exit()).isEqualTo(2);
        assertThat(cpus.err()).contains("cpus = 300 is out of range; legal: 1..256");
        CliRun duration = CliRun.of("run", "--duration", "50");
        assertThat(duration.exit()).isEqualTo(2);
        assertThat(duration.err()).contains("'50' is not a duration");
        CliRun seed = CliRun.of("run", "--seed", "banana");
        assertThat(seed.exit()).isEqualTo(2);
        assertThat(seed.err()).contains("--seed 'banana' is not a number");
    }

    @Test
    void run_applyPrintsTheRendezvousOutcomeAfterTheTableAndInTheJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("apply.json");
        CliRun r = CliRun.of("run", "--seed", "3", "--cpus", "4", "--duration", "400us", "--apply", "xen_hello_world",
                "--at", "100us", "--json", json.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).isEqualTo("apply xen_hello_world (xen.rendezvous): done rc=0"));
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).contains("master cpu 0").contains("time-to-apply"));
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).contains("cpu phase").contains("irq phase"));
        assertThat(r.lines().stream().filter(l -> l.matches("\\s+[0-3]\\s+\\d.*us\\s+.*us\\s+\\d+(ns|us)\\s+\\d+"))).hasSize(4);
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).contains("nmi policy swallow, lost NMIs"));
        assertThat(Files.readString(json)).contains("\"apply\": {\"protocol\": \"xen.rendezvous\"")
                .contains("\"result\": \"done\", \"rc\": 0").contains("\"irqsOffPauseNs\"")
                .contains("\"nmiPolicy\": \"swallow\", \"lostNmis\": ");
        CliRun plain = CliRun.of("run", "--seed", "3", "--cpus", "4", "--duration", "400us");
        assertThat(plain.traceHash()).isNotEqualTo(r.traceHash());
    }

    @Test
    void run_applyWithATooShortTimeoutReportsXensEbusyAndTheQuiescePhase() {
        CliRun r = CliRun.of("run", "--seed", "3", "--cpus", "4", "--duration", "300us", "--apply", "xen_hello_world",
                "--at", "100us", "--timeout", "1ns");
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).contains("timed-out rc=-16"));
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).contains("Timed out on semaphore in CPU quiesce phase 0/3"));
    }

    @Test
    void run_aTimedOutApplyNamesEachCpuThatDidNotArriveWithItsPcAndFunction(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("late.json");
        Path report = dir.resolve("report");
        CliRun r = CliRun.of("run", "--seed", "3", "--cpus", "4", "--duration", "300us", "--apply", "xen_hello_world",
                "--at", "100us", "--timeout", "1ns", "--json", json.toString(), "--report", report.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // the built-in guest has no line tables: function+offset only, no (file:line)
        assertThat(r.lines().stream().filter(l -> l.matches(
                "  late at the deadline: cpu [1-3] at 0x[0-9a-f]+ [a-z_0-9]+(\\+0x[0-9a-f]+)?( in an interrupt handler)?")))
                .hasSize(3);
        assertThat(Files.readString(json)).contains("\"late\": [{\"cpu\": 1, \"pc\": ").contains("\"line\": \"\"");
        assertThat(Files.readString(report.resolve("report.html"))).contains("<ul class=\"late\" id=\"late-1\">")
                .contains("late at the deadline: CPU 3 at <code>0x");
    }

    @Test
    void run_nmiPolicySwallowLosesNmisInTheWindowWhileDeferAndNoneDoNotSwallow(@TempDir Path dir) throws Exception {
        String[] base = {"run", "--seed", "7", "--cpus", "4", "--duration", "300us", "--apply", "xen_hello_world",
                "--at", "100us"};
        CliRun bad = CliRun.of(concat(base, "--nmi-policy", "ignore"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("nmi-policy").contains("swallow, defer, none, abort");
        Path json = dir.resolve("none.json");
        CliRun none = CliRun.of(concat(base, "--nmi-policy", "none", "--json", json.toString()));
        assertThat(none.exit()).isZero();
        assertThat(none.lines()).anySatisfy(l -> assertThat(l).contains("nmi policy none, lost NMIs"));
        assertThat(Files.readString(json)).contains("\"nmiPolicy\": \"none\"");
        CliRun swallow = CliRun.of(concat(base, "--nmi-policy", "swallow"));
        assertThat(swallow.lines()).anySatisfy(l -> assertThat(l).contains("nmi policy swallow, lost NMIs"));
        assertThat(CliRun.of(base).traceHash()).isEqualTo(swallow.traceHash()); // swallow is the default
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
