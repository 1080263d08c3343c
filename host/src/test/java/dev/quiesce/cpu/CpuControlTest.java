package dev.quiesce.cpu;

import dev.quiesce.host.HostMachine;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.interrupt.InterruptSource;
import dev.quiesce.emulator.unicorn.X86Reg;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.quiesce.guest.GuestLayout.PERCPU_IRQS;
import static dev.quiesce.guest.GuestLayout.PERCPU_QUIESCENCE_CHECKS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CPU held in the rendezvous (Xen's non-master spin in {@code do_livepatch_work()}): it stops at its next
 * quiescence point, takes IRQs there while IRQs are on and returns to it, retires nothing else, clears IF on
 * command, and after release runs on — checked against the guest's own per-CPU counters.
 */
class CpuControlTest {


    @Test
    void aHeldCpuSpinsAtItsQuiescencePointTakesIrqsThereThenClearsIfAndRunsOnAfterRelease() {
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("t", InterruptKind.IRQ, 32, CpuTest.at(78_000, 90_000))));
        try (HostMachine m = CpuTest.boot("quiesce.host.cpus = 1"); Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(50_000, events);
            cpu.control(CpuControl.HOLD_AT_QUIESCENCE);
            List<CpuEvent> held = new ArrayList<>();
            cpu.runUntil(80_000, held);
            assertThat(cpu.parked()).isTrue();
            assertThat(held).filteredOn(e -> e instanceof CpuEvent.Quiescence).hasSize(1);
            assertThat(held.getFirst()).isInstanceOf(CpuEvent.Quiescence.class);
            assertThat(held.get(1)).isInstanceOf(CpuEvent.InterruptEntry.class);
            long checks = m.memory().readU64(m.percpuField(0, PERCPU_QUIESCENCE_CHECKS));
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_IRQS))).isEqualTo(1); // the IRQ at 78us, while spinning
            assertThat(cpu.engine().readReg(X86Reg.RIP)).isEqualTo(m.address("check_for_livepatch_work"));

            cpu.control(CpuControl.IRQS_OFF);
            List<CpuEvent> off = new ArrayList<>();
            cpu.runUntil(100_000, off);
            assertThat(off).hasSize(1).first().isInstanceOf(CpuEvent.IrqsOff.class);
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_IRQS))).isEqualTo(1); // the IRQ at 90us waits
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_QUIESCENCE_CHECKS))).isEqualTo(checks);

            cpu.control(CpuControl.RELEASE);
            cpu.runUntil(150_000, events);
            assertThat(cpu.parked()).isFalse();
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_IRQS))).isEqualTo(2); // delivered once IF is back
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_QUIESCENCE_CHECKS))).isGreaterThan(checks);
        }
    }

    @Test
    void aCpuPublishesWhatTheCommandsLeftOnItAtTheStartOfEachQuantum() {
        InterruptSchedule s = new InterruptSchedule(List.of());
        try (HostMachine m = CpuTest.boot("quiesce.host.cpus = 1"); Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> events = new ArrayList<>();
            assertThat(m.cpuSnapshots().get(0)).as("before its first quantum").isNull();
            cpu.runUntil(50_000, events);
            CpuSnapshot free = m.cpuSnapshots().get(0);
            assertThat(free.heldByCoordinator() || free.nmisMasked() || free.syncIpiPending()).isFalse();
            assertThat(free.interruptsOn()).isTrue();
            cpu.control(CpuControl.HOLD_AT_QUIESCENCE);
            cpu.control(CpuControl.MASK_NMIS_SWALLOW);
            cpu.runUntil(80_000, events);
            cpu.control(CpuControl.IRQS_OFF);
            cpu.runUntil(100_000, events);
            CpuSnapshot asked = m.cpuSnapshots().get(0);
            assertThat(asked.timeNs()).isEqualTo(80_000);
            assertThat(asked.parked()).isTrue();
            assertThat(asked.irqsOffAsked()).isTrue();
            assertThat(asked.nmisSwallowed()).isTrue();
            assertThat(asked.pc()).isEqualTo(m.address("check_for_livepatch_work"));
            cpu.control(CpuControl.RELEASE);
            cpu.runUntil(120_000, events);
            CpuSnapshot released = m.cpuSnapshots().get(0);
            assertThat(released.heldByCoordinator()).isFalse();
            assertThat(released.interruptsOn()).as("IF as it was").isTrue();
            assertThat(released.ifWhenTaken()).isTrue();
            assertThat(released.releases()).isEqualTo(1);
            assertThat(released.nmisMasked()).as("RELEASE does not unmask").isTrue();
            cpu.control(CpuControl.UNMASK_NMIS);
            cpu.control(CpuControl.SYNC_IPI);
            cpu.runUntil(130_000, events);
            assertThat(m.cpuSnapshots().get(0).nmisMasked()).isFalse();
            assertThat(m.cpuSnapshots().get(0).syncIpiPending()).isTrue();
        }
    }
}
