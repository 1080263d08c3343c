package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.X86Reg;
import dev.quiesce.host.HostInterrupts;
import dev.quiesce.host.HostMachine;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.interrupt.InterruptSource;
import dev.quiesce.random.SeedStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.quiesce.cpu.CpuTest.at;
import static dev.quiesce.cpu.CpuTest.boot;
import static dev.quiesce.cpu.CpuTest.of;
import static dev.quiesce.guest.GuestLayout.PERCPU_MCES;
import static dev.quiesce.guest.GuestLayout.PERCPU_MCE_SEEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Machine checks on the emulated CPU against the guest's own count ({@code percpu.mces}): an #MC is delivered whatever
 * RFLAGS.IF, NMI blocking or an NMI mask say, ranks above a simultaneous NMI, and a second one while the first is in
 * service (MCG_STATUS.MCIP set, where hardware shuts down) is counted as lost.
 */
class MachineCheckCpuTest {

    private static final int MC = HostInterrupts.MCE_VECTOR;

    private static List<String> entriesAndExits(List<CpuEvent> events) {
        return events.stream().<String>mapMulti((e, out) -> {
            switch (e) {
                case CpuEvent.InterruptEntry i -> out.accept("in:" + i.kind());
                case CpuEvent.InterruptExit i -> out.accept("out:" + i.kind());
                case CpuEvent.InterruptLost l -> out.accept("lost:" + l.kind());
                case CpuEvent.NmiSwallowed s -> out.accept("swallowed:NMI");
                default -> { }
            }
        }).toList();
    }

    private static long guestMces(HostMachine m) {
        return m.memory().readU64(m.percpuField(0, PERCPU_MCES));
    }

    @Test
    void aMachineCheckInterruptsARunningNmiHandler() {
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("nmi", InterruptKind.NMI, 2, at(10_000)),
                new InterruptSource("mce", InterruptKind.MCE, MC, at(10_001))));
        try (HostMachine m = boot("quiesce.host.cpus = 1"); Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(30_000, events);
            assertThat(entriesAndExits(events)).containsExactly("in:NMI", "in:MCE", "out:MCE", "out:NMI");
            assertThat(guestMces(m)).isEqualTo(1);
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_MCE_SEEN))).as("xen_extra_version()[1]")
                    .isEqualTo('q');
        }
    }

    @Test
    void aMachineCheckAndAnNmiArrivingTogether_theMachineCheckIsEnteredFirst() {
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("nmi", InterruptKind.NMI, 2, at(10_000)),
                new InterruptSource("mce", InterruptKind.MCE, MC, at(10_000))));
        try (HostMachine m = boot("quiesce.host.cpus = 1"); Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(30_000, events);
            assertThat(entriesAndExits(events)).containsExactly("in:MCE", "in:NMI", "out:NMI", "out:MCE");
        }
    }

    @Test
    void aSecondMachineCheckWhileOneIsInServiceIsLost_andTheGuestCountsOne() {
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("mce", InterruptKind.MCE, MC, at(10_000, 10_001))));
        try (HostMachine m = boot("quiesce.host.cpus = 1"); Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(30_000, events);
            assertThat(entriesAndExits(events)).containsExactly("in:MCE", "lost:MCE", "out:MCE");
            assertThat(guestMces(m)).isEqualTo(1);
        }
    }

    @Test
    void machineChecksAreDeliveredWithInterruptsDisabled() {
        long[] times = new long[500];
        for (int i = 0; i < times.length; i++) {
            times[i] = 1_000 + 700L * i;
        }
        InterruptSchedule s = new InterruptSchedule(List.of(new InterruptSource("mce", InterruptKind.MCE, MC,
                at(times))));
        String irqsOffMostly = "quiesce.host { cpus = 1, workload { weight-hypercall = 0, weight-long-work = 0, "
                + "weight-idle = 1, weight-irqs-off = 20, irqs-off-iterations = 3000 } }";
        try (HostMachine m = boot(irqsOffMostly); Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(400_000, events);
            List<CpuEvent.InterruptEntry> mces = of(events, CpuEvent.InterruptEntry.class);
            assertThat(mces).hasSize(times.length).allMatch(e -> e.kind() == InterruptKind.MCE && e.vector() == MC);
            assertThat(mces).anySatisfy(e -> assertThat(e.interruptedFlags() & X86Reg.RFLAGS_IF).isZero());
            assertThat(guestMces(m)).isEqualTo(times.length);
        }
    }

    @Test
    void anNmiMaskSwallowsTheNmiButNotTheMachineCheck() {
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("nmi", InterruptKind.NMI, 2, at(10_000)),
                new InterruptSource("mce", InterruptKind.MCE, MC, at(10_000))));
        try (HostMachine m = boot("quiesce.host.cpus = 1"); Cpu cpu = new Cpu(0, m, s)) {
            cpu.control(CpuControl.MASK_NMIS_SWALLOW);
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(30_000, events);
            assertThat(entriesAndExits(events)).containsExactly("in:MCE", "swallowed:NMI", "out:MCE");
            assertThat(guestMces(m)).isEqualTo(1);
        }
    }

    @Test
    void seededMachineChecksMatchTheGuestsCount_andTheHandlerCallsWhatTheWorkloadSays() {
        try (HostMachine m = boot("quiesce.host { cpus = 1, interrupts { mce-rate-per-ms = 20 },"
                + " workload.mce-calls = xen_minor_version }");
             Cpu cpu = new Cpu(0, m, HostInterrupts.schedule(m.settings().interrupts(), 0,
                     SeedStream.root(1).child("host", 0).child("cpu", 0)))) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(1_000_000, events);
            long entered = of(events, CpuEvent.InterruptEntry.class).stream()
                    .filter(e -> e.kind() == InterruptKind.MCE).count();
            assertThat(entered).isBetween(5L, 40L);
            assertThat(guestMces(m)).isEqualTo(entered);
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_MCE_SEEN))).isEqualTo(17);
        }
    }
}
