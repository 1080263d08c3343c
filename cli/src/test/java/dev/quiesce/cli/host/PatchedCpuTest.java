package dev.quiesce.cli.host;

import com.typesafe.config.ConfigFactory;
import dev.quiesce.cpu.Cpu;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostInterrupts;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.random.SeedStream;
import dev.quiesce.emulator.samples.SamplePayloads;
import dev.quiesce.guest.GuestLayout;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running CPU, booted before the payload was uploaded, executes the patched function: its NMI
 * handler calls {@code xen_extra_version()} and stores the returned string's second character in
 * its per-CPU record ({@code percpu.extra_version_first}) — 'q' of "-quiesce" before, 'e' of
 * "Hello World" after the apply, 'q' again after the revert. The guest's memory is the oracle.
 */
class PatchedCpuTest {


    @Test
    void aCpuBootedBeforeTheUploadRunsTheNewCodeAfterApplyAndTheOldAfterRevert() {
        HostSettings s = HostSettings.from(ConfigFactory.parseString(
                "quiesce.host { cpus = 1, interrupts.nmi-rate-per-ms = 200 }").withFallback(ConfigFactory.load()));
        SeedStream host = SeedStream.root(3).child("host", 0);
        try (HostMachine m = HostMachine.boot(s, host);
             Cpu cpu = new Cpu(0, m, HostInterrupts.schedule(s.interrupts(), host.child("cpu", 0)));
             RegistryHost registry = RegistryHost.on(m)) {
            List<CpuEvent> events = new ArrayList<>();
            long field = m.percpuField(0, GuestLayout.PERCPU_EXTRA_VERSION_FIRST);
            cpu.runUntil(200_000, events);
            assertThat((char) m.memory().read(field, 1)[0]).isEqualTo('q');

            Map<String, byte[]> samples = SamplePayloads.assemble(m.image());
            assertThat(registry.upload("xen_hello_world", samples.get("xen_hello_world")).rc()).isZero();
            assertThat(registry.action("xen_hello_world", LivepatchHost.Action.APPLY, 0, 0).rc()).isZero();
            cpu.runUntil(400_000, events);
            assertThat((char) m.memory().read(field, 1)[0]).isEqualTo('e');

            assertThat(registry.action("xen_hello_world", LivepatchHost.Action.REVERT, 0, 0).rc()).isZero();
            cpu.runUntil(600_000, events);
            assertThat((char) m.memory().read(field, 1)[0]).isEqualTo('q');
            assertThat(events).noneMatch(e -> e instanceof CpuEvent.Fault);
            assertThat(events.stream().filter(e -> e instanceof CpuEvent.InterruptEntry i
                    && i.kind() == dev.quiesce.interrupt.InterruptKind.NMI).count()).isGreaterThan(30);
        }
    }
}
