package dev.quiesce.cli;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A protocol variant written outside quiesce — the worked example of examples/xen-abort-forgets-nmi-unmask, Xen's
 * rendezvous before c5ed88110cd1 — compiled and jarred at test time, loaded with {@code --plugins} and run under
 * {@code run} and {@code hunt}; and the errors of plug-ins that are missing, not jars, fail to load or throw.
 */
class PluginProtocolTest {

    private static final String NAME = "example.xen-abort-forgets-nmi-unmask";
    private static final Path EXAMPLE = Path.of("..", "examples", "xen-abort-forgets-nmi-unmask", "src");
    /** The straggler's CPU phase times out at 1 ms; NMIs arrive often enough to see what the mask does after. */
    private static final List<String> SETS = List.of("barrier.timeout=1ms", "host.interrupts.nmi-rate-per-ms=20");

    @TempDir
    static Path dir;
    private static Path jar;

    private static String[] args(String... head) {
        List<String> a = new ArrayList<>(List.of(head));
        for (String s : SETS) {
            a.add("--set");
            a.add(s);
        }
        return a.toArray(String[]::new);
    }

    @BeforeAll
    static void buildTheExampleJar() throws IOException {
        String cls = "example.xen.AbortForgetsNmiUnmask";
        jar = PluginJars.build(dir.resolve("example"), dir.resolve("xen-abort-forgets-nmi-unmask.jar"),
                Map.of(cls, Files.readString(EXAMPLE.resolve("example/xen/AbortForgetsNmiUnmask.java"))),
                List.of(cls));
    }

    /** NMIs swallowed after the attempt was released: the mask outlived the rendezvous. */
    private static long swallowedAfterRelease(String protocol) {
        List<String> sets = new ArrayList<>(SETS);
        sets.add("protocol=" + protocol);
        sets.add("plugins=[\"" + jar + "\"]");
        sets.add("oracles=[NoTornFetch]"); // the run goes on after the abort, so later NMIs can be counted
        ScenarioResult r = ScenarioRunner.run(ScenarioLoader.load("straggler", sets), true);
        ApplyOutcome o = r.outcomes().getFirst();
        assertThat(o.result()).isEqualTo(ApplyResult.TIMED_OUT);
        return r.trace().stream().filter(e -> e instanceof CpuEvent.NmiSwallowed && e.time() > o.releasedNs()).count();
    }

    @Test
    void theVariantFromAJarBuiltOutsideTheProject_swallowsNmisAfterItsAbortedAttempt_xenDoesNot() {
        assertThat(swallowedAfterRelease("xen.rendezvous")).isZero();
        assertThat(swallowedAfterRelease(NAME)).isPositive();
    }

    @Test
    void runWithPlugins_isCaughtBySideStateRestored_deterministically_andItsReplayLineCarriesThem() {
        CliRun a = CliRun.of(args("run", "straggler", "--plugins", jar.toString(), "--protocol", NAME));
        CliRun b = CliRun.of(args("run", "straggler", "--plugins", jar.toString(), "--protocol", NAME));
        assertThat(a.exit()).as(a.err()).isEqualTo(3);
        assertThat(a.err()).contains("SideStateRestored violated").contains("NMIs are still masked");
        assertThat(a.out()).contains("protocol " + NAME).contains("Timed out on semaphore in CPU quiesce phase");
        assertThat(a.line("trace-hash=")).isEqualTo(b.line("trace-hash="));
        String replay = a.line("replay: ");
        assertThat(replay).contains("--plugins '" + jar + "'").contains("--set 'protocol=" + NAME + "'")
                .doesNotContain("plugins=");
        CliRun again = CliRun.of(replay.substring("./quiesce ".length()).replace("'", "").split(" "));
        assertThat(again.line("trace-hash=")).isEqualTo(a.line("trace-hash="));
    }

    @Test
    void huntRunsThePluginProtocol_theSameWayTwice() {
        CliRun a = CliRun.of(args("hunt", "straggler", "--plugins", jar.toString(), "--set", "protocol=" + NAME,
                "--oracle", "NoCodeChangeAfterAbort", "--budget", "3"));
        CliRun b = CliRun.of(args("hunt", "straggler", "--plugins", jar.toString(), "--set", "protocol=" + NAME,
                "--oracle", "NoCodeChangeAfterAbort", "--budget", "3"));
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).contains("no violation in 3 executions");
        String probe = a.line("probe (execution 1, the scenario as given): ");
        assertThat(probe).isEqualTo(b.line("probe (execution 1, the scenario as given): "));
    }

    @Test
    void anUnknownProtocolListsTheLegalOnesWithThePlugins_exitTwo() {
        CliRun r = CliRun.of("run", "straggler", "--plugins", jar.toString(), "--protocol", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.contains("'nope' is not legal")).findFirst().orElseThrow())
                .contains("legal: xen.rendezvous, stop-machine.stack-check, text-poke.int3, lazy.per-cpu,"
                        + " unsafe.no-barrier, " + NAME);
    }

    @Test
    void aMissingJarANonJarAndAClassThatFailsToLoad_areErrorsWithExitTwo() throws IOException {
        CliRun missing = CliRun.of("run", "straggler", "--plugins", dir.resolve("nothing.jar").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: plug-in " + dir.resolve("nothing.jar") + " does not exist")
                .hasLineCount(1);

        Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        CliRun notJar = CliRun.of("hunt", "straggler", "--oracle", "NoTornFetch", "--plugins", text.toString());
        assertThat(notJar.exit()).isEqualTo(2);
        assertThat(notJar.err()).startsWith("error: plug-in " + text + " is not a jar").hasLineCount(1);

        Path broken = PluginJars.build(dir.resolve("broken"), dir.resolve("broken.jar"), Map.of("bad.Broken", """
                package bad;
                @dev.quiesce.coordinator.protocol.ProtocolSpec(name = "bad.broken")
                public final class Broken extends dev.quiesce.coordinator.protocol.XenRendezvous {
                    static { if (true) { throw new IllegalStateException("static init fails"); } }
                    public Broken(dev.quiesce.coordinator.protocol.ProtocolContext c) { super(c); }
                }
                """), List.of("bad.Broken"));
        CliRun load = CliRun.of("run", "straggler", "--plugins", broken.toString());
        assertThat(load.exit()).isEqualTo(2);
        assertThat(load.err()).startsWith("error: plug-in class bad.Broken in " + broken + " failed to load:"
                + " ExceptionInInitializerError").hasLineCount(1);
    }

    @Test
    void aPluginThatThrowsDuringTheRun_endsItWithAnErrorNamingItsClass_exitTwo() throws IOException {
        Path throwing = PluginJars.build(dir.resolve("throwing"), dir.resolve("throwing.jar"), Map.of("bad.Throwing", """
                package bad;
                @dev.quiesce.coordinator.protocol.ProtocolSpec(name = "bad.throwing")
                public final class Throwing extends dev.quiesce.coordinator.protocol.XenRendezvous {
                    public Throwing(dev.quiesce.coordinator.protocol.ProtocolContext c) { super(c); }
                    @Override
                    protected boolean electsMaster(dev.quiesce.cpu.CpuEvent.Quiescence q) {
                        throw new UnsupportedOperationException("deliberately broken");
                    }
                }
                """), List.of("bad.Throwing"));
        CliRun r = CliRun.of("run", "straggler", "--plugins", throwing.toString(), "--protocol", "bad.throwing");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: plug-in protocol bad.Throwing failed in onQuantum at")
                .contains("UnsupportedOperationException: deliberately broken").hasLineCount(1);
        CliRun h = CliRun.of("hunt", "straggler", "--plugins", throwing.toString(), "--set", "protocol=bad.throwing",
                "--oracle", "NoTornFetch", "--budget", "2", "--threads", "2");
        assertThat(h.exit()).isEqualTo(2);
        assertThat(h.err()).contains("error: plug-in protocol bad.Throwing failed in onQuantum at");
    }
}
