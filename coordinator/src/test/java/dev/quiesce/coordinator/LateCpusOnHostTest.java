package dev.quiesce.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.quiesce.coordinator.oracle.OracleSettings;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.PlacedSection;
import dev.quiesce.emulator.samples.SamplePayloads;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.UserCodeImages;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.random.SeedStream;
import dev.quiesce.splice.registry.Action;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An apply that runs out of time names each CPU it waited for in vain with its PC, {@code function+offset} and
 * the {@code file:line} addr2line gives: CPU 2 of 4 is sent into user code that never returns to the idle loop.
 */
class LateCpusOnHostTest {

    private static final String PAYLOAD = "xen_hello_world";
    private static final String HOST = "quiesce.host { cpus = 4, workload { weight-hypercall = 0, weight-long-work = 1,"
            + " weight-idle = 1, weight-irqs-off = 0 } }";
    private static final long TIMEOUT_NS = 1_000_000;

    @TempDir
    Path dir;

    private ApplyOutcome run(String protocol, String stuck) {
        HostSettings s = HostSettings.from(ConfigFactory.parseString(HOST).withFallback(ConfigFactory.load()));
        GuestImage image = UserCodeImages.link(dir, s.imageBase(), "faults.c", "assert_standin.c");
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(3).child("host", 0), image)) {
            UserCodeImages.redirect(m, "do_long_work", stuck);
            HostCoordinator c = new HostCoordinator(m, ctx -> Protocols.create(protocol, ctx),
                    List.of(new ApplyRequest(200_000, PAYLOAD, Action.APPLY, TIMEOUT_NS, 0, 1)), List.of(),
                    dev.quiesce.coordinator.retry.RetryPolicy.none(), SeedStream.root(3).child("host", 0),
                    dev.quiesce.coordinator.protocol.ProtocolContext.PatchPolicy.defaults(),
                    Oracles.parse(List.of("GuestAssertions"), OracleSettings.defaults()));
            Map<String, byte[]> samples = SamplePayloads.assemble(m.image());
            assertThat(c.registry().upload(PAYLOAD, samples.get(PAYLOAD)).rc()).isZero();
            HostRunner.run(m, c, 3, 2_000_000, 2);
            assertThat(c.violations()).isEmpty();
            assertThat(c.outcomes()).hasSize(1);
            return c.outcomes().getFirst();
        }
    }

    private void assertNamesCpu2InTheLoop(ApplyOutcome o) {
        assertThat(o.late()).hasSize(1);
        LateCpu late = o.late().getFirst();
        assertThat(late.cpu()).isEqualTo(2);
        assertThat(late.handlerDepth()).isZero();
        HostSettings s = HostSettings.from(ConfigFactory.parseString(HOST).withFallback(ConfigFactory.load()));
        GuestImage image = UserCodeImages.link(dir, s.imageBase(), "faults.c", "assert_standin.c");
        PlacedSection section = image.sections().stream().filter(p -> p.contains(late.pc())).findFirst().orElseThrow();
        assertThat(section.object()).isEqualTo("faults.o");
        long offset = late.pc() - section.address();
        String oracle = UserCodeImages.addr2line(dir, "faults.o", section.name(), offset);
        assertThat(late.line()).isEqualTo(oracle.substring(oracle.lastIndexOf('/') + 1)).startsWith("faults.c:");
        assertThat(late.symbol()).isEqualTo(image.symbols().symbolize(late.pc())).startsWith("never_returns");
        assertThat(late.toString()).isEqualTo("cpu 2 at 0x%x %s (%s)".formatted(late.pc(), late.symbol(), late.line()));
    }

    @Test
    void aXenRendezvousTimeoutNamesTheCpuThatNeverArrivedWithItsFunctionAndLine() {
        ApplyOutcome o = run("xen.rendezvous", "never_returns_on_cpu2");
        assertThat(o.result()).isEqualTo(ApplyResult.TIMED_OUT);
        assertThat(o.arrivalNs()[2]).isEqualTo(-1);
        assertNamesCpu2InTheLoop(o);
    }

    @Test
    void aStopMachineTimeoutNamesTheCpuThatNeverStopped() {
        ApplyOutcome o = run("stop-machine.stack-check", "never_returns_irqs_off_on_cpu2");
        assertThat(o.result()).isEqualTo(ApplyResult.ABORTED);
        assertThat(o.message()).contains("stop_machine timed out");
        assertNamesCpu2InTheLoop(o);
    }

    @Test
    void anApplyThatSucceedsNamesNoLateCpu() {
        ApplyOutcome o = run("xen.rendezvous", "checked_work_never_called");
        assertThat(o.result()).isEqualTo(ApplyResult.DONE);
        assertThat(o.late()).isEmpty();
    }
}
