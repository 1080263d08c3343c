package dev.quiesce.cpu;

import dev.quiesce.guest.GuestLayout;
import dev.quiesce.guest.GuestProgram;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.interrupt.InterruptSource;
import dev.quiesce.random.SeedStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A CPU takes its entry, handlers and quiescence point from the host's {@link GuestProgram}, and the host writes the
 * program's boot pointers before anything runs.
 */
class GuestProgramEntriesTest {

    private static HostMachine boot(GuestProgram p) {
        return HostMachine.boot(CpuTest.settings("quiesce.host.cpus = 1").withGuest(p), SeedStream.root(1).child("host", 0));
    }

    @Test
    void theBuiltInProgramIsTheDefaultAndRunsAsBefore() {
        HostSettings s = CpuTest.settings("quiesce.host.cpus = 1");
        assertThat(s.guest()).isSameAs(GuestProgram.builtIn());
        assertThat(s.withCpus(2).guest()).isSameAs(GuestProgram.builtIn());
        assertThat(GuestProgram.builtIn().isBuiltIn()).isTrue();
        assertThat(GuestProgram.builtIn().withSaveSse(true).isBuiltIn()).isFalse();
    }

    @Test
    void withMethodsOfTheSettingsKeepTheProgram() {
        GuestProgram p = GuestProgram.builtIn().withEntry("idle_loop");
        HostSettings s = CpuTest.settings("quiesce.host.cpus = 1").withGuest(p);
        assertThat(s.withCpus(3).withXmc(dev.quiesce.emulator.memory.XmcModel.SERIALIZE)
                .withInt3Handler(dev.quiesce.host.Int3Handler.GUEST).guest()).isSameAs(p);
    }

    @Test
    void aCpuStartsAtTheProgramsEntryAndReportsItsReturnByName() {
        try (HostMachine m = boot(GuestProgram.builtIn().withEntry("xen_extra_version"));
             Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(10_000, events);
            List<CpuEvent.Fault> faults = CpuTest.of(events, CpuEvent.Fault.class);
            assertThat(faults).singleElement().satisfies(f -> {
                assertThat(f.detail()).isEqualTo("xen_extra_version returned");
                assertThat(f.entryReturned()).isTrue();
            });
            assertThat(cpu.retired()).isLessThan(10); // a leaf that returns a pointer: a few instructions
        }
    }

    @Test
    void theQuiescencePointIsTheProgramsSymbol() {
        try (HostMachine m = boot(GuestProgram.builtIn().withQuiescence("idle_loop"));
             Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(200_000, events);
            List<CpuEvent.Quiescence> qps = CpuTest.of(events, CpuEvent.Quiescence.class);
            assertThat(qps).isNotEmpty().allSatisfy(q -> assertThat(q.pc()).isEqualTo(m.address("idle_loop")));
        }
    }

    @Test
    void interruptsEnterTheProgramsHandlers() {
        // an NMI entered at the machine-check handler counts a machine check, not an NMI
        GuestProgram p = GuestProgram.builtIn().withHandlers("irq_handler", "mce_handler", "mce_handler");
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("nmi", InterruptKind.NMI, 2, CpuTest.at(5_000))));
        try (HostMachine m = boot(p); Cpu cpu = new Cpu(0, m, s)) {
            cpu.runUntil(20_000, new ArrayList<>());
            assertThat(m.memory().readU64(m.percpuField(0, GuestLayout.PERCPU_MCES))).isEqualTo(1);
            assertThat(m.memory().readU64(m.percpuField(0, GuestLayout.PERCPU_NMIS))).isZero();
        }
    }

    @Test
    void bootPointersHoldTheFunctionsAddressesBeforeTheFirstInstruction() {
        GuestProgram p = GuestProgram.builtIn().withBootPointers(Map.of(
                "percpu+0x88", "nmi_handler", "percpu+" + (GuestLayout.PERCPU_SIZE + 0x88), "mce_handler"));
        try (HostMachine m = boot(p)) {
            long percpu = m.address("percpu");
            assertThat(m.memory().readU64(percpu + 0x88)).isEqualTo(m.address("nmi_handler"));
            assertThat(m.memory().readU64(percpu + GuestLayout.PERCPU_SIZE + 0x88)).isEqualTo(m.address("mce_handler"));
        }
    }

    @Test
    void aBootPointerToAMissingSymbolIsRefusedNamingIt() {
        assertThatThrownBy(() -> boot(GuestProgram.builtIn().withBootPointers(Map.of("percpu+8", "no_such_fn"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boot pointer 'percpu+8'").hasMessageContaining("'no_such_fn'");
        assertThatThrownBy(() -> boot(GuestProgram.builtIn().withBootPointers(Map.of("no_such_var", "nmi_handler"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no_such_var'");
        assertThatThrownBy(() -> boot(GuestProgram.builtIn().withBootPointers(Map.of("percpu+0x7fffffff", "nmi_handler"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> boot(GuestProgram.builtIn().withBootPointers(Map.of("percpu", "percpu"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a function");
    }

    @Test
    void anEntryPointTheImageDoesNotDefineIsRefusedAtBootNamingItsRole() {
        assertThatThrownBy(() -> boot(GuestProgram.builtIn().withEntry("user_main")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 'user_main'");
        assertThatThrownBy(() -> boot(GuestProgram.builtIn().withQuiescence("percpu")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quiescence point 'percpu' is not a function");
        assertThatThrownBy(() -> boot(GuestProgram.builtIn().withHandlers("irq_handler", "nmi", "mce_handler")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NMI handler 'nmi'");
    }
}
