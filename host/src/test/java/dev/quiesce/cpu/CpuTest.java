package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.FaultKind;
import com.typesafe.config.ConfigFactory;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.interrupt.ArrivalProcess;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.interrupt.InterruptSource;
import dev.quiesce.random.SeedStream;
import dev.quiesce.emulator.unicorn.X86Reg;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.quiesce.guest.GuestLayout.PERCPU_IRQS;
import static dev.quiesce.guest.GuestLayout.PERCPU_NMIS;
import static dev.quiesce.guest.GuestLayout.PERCPU_QUIESCENCE_CHECKS;
import static dev.quiesce.guest.GuestLayout.PERCPU_TIMER_TICKS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulated CPU against the guest's own bookkeeping: the guest counts quiescence checks, IRQs,
 * timer ticks and NMIs in its per-CPU struct, independently of the simulator's events.
 */
class CpuTest {


    static HostSettings settings(String overrides) {
        return HostSettings.from(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()));
    }

    static HostMachine boot(String overrides) {
        return HostMachine.boot(settings(overrides), SeedStream.root(1).child("host", 0));
    }

    /** A process with arrivals at fixed times (ns). */
    static ArrivalProcess at(long... ns) {
        return new ArrivalProcess() {
            int i;

            @Override
            public String name() {
                return "at";
            }

            @Override
            public long next() {
                return i < ns.length ? ns[i++] * 1000 : Long.MAX_VALUE;
            }
        };
    }

    static <T extends CpuEvent> List<T> of(List<CpuEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void run_advancesVirtualTimeByRetiredInstructionsExactly() {
        try (HostMachine m = boot("quiesce.host.cpus = 1"); Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(100_000, events);
            // 250 ps per instruction: 100 us = 400,000 instructions
            assertThat(cpu.retired()).isEqualTo(400_000);
            assertThat(cpu.nowNs()).isEqualTo(100_000);
            cpu.runUntil(100_001, events);
            assertThat(cpu.retired()).isEqualTo(400_004);
        }
    }

    @Test
    void quiescenceEvents_matchTheGuestsOwnCount() {
        try (HostMachine m = boot("quiesce.host.cpus = 1"); Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(200_000, events);
            List<CpuEvent.Quiescence> qps = of(events, CpuEvent.Quiescence.class);
            long guest = m.memory().readU64(m.percpuField(0, PERCPU_QUIESCENCE_CHECKS));
            assertThat(qps).isNotEmpty();
            // the last hooked instruction may not have executed its increment yet
            assertThat((long) qps.size() - guest).isBetween(0L, 1L);
            assertThat(qps).allSatisfy(q -> assertThat(q.pc()).isEqualTo(m.address("check_for_livepatch_work")));
            assertThat(qps).isSortedAccordingTo(java.util.Comparator.comparingLong(CpuEvent::time));
        }
    }

    @Test
    void irqs_enterTheHandlerAndReturnToTheInterruptedCode() {
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("timer", InterruptKind.IRQ, 0x20, at(10_000, 20_000, 30_000, 40_000)),
                new InterruptSource("device", InterruptKind.IRQ, 0x30, at(15_000, 25_000))));
        try (HostMachine m = boot("quiesce.host.cpus = 2"); Cpu cpu = new Cpu(1, m, s)) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(60_000, events);
            List<CpuEvent.InterruptEntry> entries = of(events, CpuEvent.InterruptEntry.class);
            assertThat(entries).hasSize(6);
            assertThat(of(events, CpuEvent.InterruptExit.class)).hasSize(6);
            assertThat(of(events, CpuEvent.Fault.class)).isEmpty();
            assertThat(m.memory().readU64(m.percpuField(1, PERCPU_IRQS))).isEqualTo(6);
            assertThat(m.memory().readU64(m.percpuField(1, PERCPU_TIMER_TICKS))).isEqualTo(4);
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_IRQS))).as("cpu 0 untouched").isZero();
            assertThat(entries.getFirst().time()).isGreaterThanOrEqualTo(10_000);
        }
    }

    @Test
    void nmi_nestsInsideAnIrqHandler() {
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("device", InterruptKind.IRQ, 0x30, at(10_000)),
                new InterruptSource("nmi", InterruptKind.NMI, 2, at(10_001))));
        try (HostMachine m = boot("quiesce.host { cpus = 1, workload.device-irq-iterations = 1000 }");
             Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(30_000, events);
            List<String> kinds = events.stream()
                    .filter(e -> e instanceof CpuEvent.InterruptEntry || e instanceof CpuEvent.InterruptExit)
                    .map(e -> e instanceof CpuEvent.InterruptEntry i ? "in:" + i.kind() : "out:" + ((CpuEvent.InterruptExit) e).kind())
                    .toList();
            assertThat(kinds).containsExactly("in:IRQ", "in:NMI", "out:NMI", "out:IRQ");
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_NMIS))).isEqualTo(1);
            assertThat(cpu.engine().readReg(X86Reg.RSP)).isLessThan(m.stackTop(0));
        }
    }

    @Test
    void irqsWaitForTheGuestToEnableInterruptsButNmisDoNot() {
        List<Long> times = new ArrayList<>();
        for (long t = 1_000; t < 400_000; t += 700) {
            times.add(t);
        }
        long[] arr = times.stream().mapToLong(Long::longValue).toArray();
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("device", InterruptKind.IRQ, 0x30, at(arr)),
                new InterruptSource("nmi", InterruptKind.NMI, 2, at(arr))));
        String irqsOffMostly = "quiesce.host { cpus = 1, workload { weight-hypercall = 0, weight-long-work = 0, "
                + "weight-idle = 1, weight-irqs-off = 20, irqs-off-iterations = 3000 } }";
        try (HostMachine m = boot(irqsOffMostly); Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(400_000, events);
            List<CpuEvent.InterruptEntry> entries = of(events, CpuEvent.InterruptEntry.class);
            List<CpuEvent.InterruptEntry> irqs = entries.stream().filter(e -> e.kind() == InterruptKind.IRQ).toList();
            List<CpuEvent.InterruptEntry> nmis = entries.stream().filter(e -> e.kind() == InterruptKind.NMI).toList();
            assertThat(irqs).isNotEmpty().allSatisfy(e ->
                    assertThat(e.interruptedFlags() & X86Reg.RFLAGS_IF).isNotZero());
            assertThat(nmis).anySatisfy(e -> assertThat(e.interruptedFlags() & X86Reg.RFLAGS_IF).isZero());
            assertThat(of(events, CpuEvent.InterruptLost.class)).as("IRQs coalesce while masked").isNotEmpty();
        }
    }

    @Test
    void guestTrap_isAFaultNamingTheFunction() {
        try (HostMachine m = boot("quiesce.host.cpus = 1"); Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
            long f = m.address("xen_minor_version");
            m.memory().writeCode(f, new byte[] {0x0F, 0x0B}); // ud2
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(1_000_000, events);
            List<CpuEvent.Fault> faults = of(events, CpuEvent.Fault.class);
            assertThat(faults).hasSize(1);
            assertThat(faults.getFirst().kind()).isEqualTo(FaultKind.INVALID_INSTRUCTION);
            assertThat(faults.getFirst().pc()).isEqualTo(f);
            assertThat(faults.getFirst().where()).startsWith("xen_minor_version");
            assertThat(cpu.halted()).isTrue();
            assertThat(cpu.nowNs()).isLessThan(1_000_000);
        }
    }

    @Test
    void sameSeed_sameEvents_differentCpuIdsDiverge() {
        List<CpuEvent> a = new ArrayList<>();
        List<CpuEvent> b = new ArrayList<>();
        List<CpuEvent> c = new ArrayList<>();
        try (HostMachine m = boot("quiesce.host.cpus = 2")) {
            try (Cpu x = new Cpu(0, m, InterruptSchedule.none())) {
                x.runUntil(50_000, a);
            }
        }
        try (HostMachine m = boot("quiesce.host.cpus = 2")) {
            try (Cpu x = new Cpu(0, m, InterruptSchedule.none()); Cpu y = new Cpu(1, m, InterruptSchedule.none())) {
                y.runUntil(50_000, c);
                x.runUntil(50_000, b);
            }
        }
        assertThat(b).isEqualTo(a);
        assertThat(c.stream().map(CpuEvent::time).toList()).isNotEqualTo(a.stream().map(CpuEvent::time).toList());
    }
}
