package dev.quiesce.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.quiesce.coordinator.oracle.OracleSettings;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.UserCodeImages;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.random.SeedStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GuestAssertions} on user code linked with the built-in guest (its {@code do_long_work} calls sent into
 * it): a failed {@code assert()} ends the run with the guest's message and CPU; a crash names
 * {@code function+offset (file:line)}.
 */
class GuestAssertionsUserCodeTest {

    private static final String HOST = "quiesce.host { cpus = 4, workload { weight-hypercall = 0, weight-long-work = 1,"
            + " weight-idle = 1, weight-irqs-off = 0 } }";

    @TempDir
    Path dir;

    private List<Violation> run(String function) {
        HostSettings s = HostSettings.from(ConfigFactory.parseString(HOST).withFallback(ConfigFactory.load()));
        GuestImage image = UserCodeImages.link(dir, s.imageBase(), "faults.c", "assert_standin.c");
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(5).child("host", 0), image)) {
            UserCodeImages.redirect(m, "do_long_work", function);
            HostCoordinator c = new HostCoordinator(m, ctx -> Protocols.create("xen.rendezvous", ctx), List.of(),
                    List.of(), dev.quiesce.coordinator.retry.RetryPolicy.none(), SeedStream.root(5).child("host", 0),
                    dev.quiesce.coordinator.protocol.ProtocolContext.PatchPolicy.defaults(),
                    Oracles.parse(List.of("GuestAssertions"), OracleSettings.defaults()));
            HostRunner.run(m, c, 5, 1_000_000, 2);
            return c.violations();
        }
    }

    private int lineOf(String text) throws Exception {
        String source = Files.readString(dir.resolve("faults.c"));
        return source.substring(0, source.indexOf(text)).split("\n", -1).length;
    }

    @Test
    void aFailedAssertEndsTheRunWithTheGuestsMessageAndCpu() throws Exception {
        List<Violation> vs = run("checked_work");
        assertThat(vs).hasSize(1);
        Violation v = vs.getFirst();
        int line = lineOf("assert(calls[cpu & 63] < 3);");
        assertThat(v.cpu()).isBetween(0, 3);
        assertThat(v.message()).isEqualTo(
                "assertion failed: faults.c:%d: checked_work: Assertion `calls[cpu & 63] < 3' failed.".formatted(line));
        assertThat(v.toString()).contains(" on CPU " + v.cpu() + ": assertion failed: faults.c:" + line);
    }

    @Test
    void aCrashNamesTheFunctionOffsetAndSourceLine() throws Exception {
        List<Violation> vs = run("wild_store");
        assertThat(vs).hasSize(1);
        assertThat(vs.getFirst().message()).matches(("the guest crashed \\(UNMAPPED_ACCESS\\) at wild_store\\+0x[0-9a-f]+"
                + " \\(faults\\.c:%d\\) \\(0x[0-9a-f]+\\): WRITE_UNMAPPED").formatted(lineOf("*p = iters;")));
    }
}
