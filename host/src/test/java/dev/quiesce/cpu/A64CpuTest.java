package dev.quiesce.cpu;

import static dev.quiesce.guest.GuestLayout.PERCPU_IRQS;
import static dev.quiesce.guest.GuestLayout.PERCPU_NMIS;
import static dev.quiesce.guest.GuestLayout.PERCPU_QUIESCENCE_CHECKS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.guest.GuestProgram;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.interrupt.InterruptSource;
import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import dev.quiesce.random.SeedStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The AArch64 CPU (docs/aarch64.md) against the guest's own bookkeeping and the architecture: virtual time by retired
 * instructions, the guest's counts of quiescence checks and handlers, and stop_machine's stacks, whose every return
 * address must follow a {@code BL} (A64: the link register holds the address after the call) and end in
 * {@code cpu_main}.
 */
class A64CpuTest {

    static HostMachine boot(int cpus) {
        HostSettings s = HostSettings.defaults().withCpus(cpus).withGuest(GuestProgram.builtIn(Arch.AARCH64));
        return HostMachine.boot(s, SeedStream.root(1).child("host", 0));
    }

    @Test
    void anAarch64HostRunsTheGuestCompiledForAarch64() {
        try (HostMachine m = boot(1)) {
            assertThat(m.arch()).isEqualTo(Arch.AARCH64);
            assertThat(m.image().arch()).isEqualTo(Arch.AARCH64);
        }
    }

    @Test
    void virtualTimeAdvancesByRetiredInstructionsAndQuiescenceMatchesTheGuestsCount() {
        try (HostMachine m = boot(1); Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(100_000, events);
            assertThat(cpu.retired()).isEqualTo(400_000);
            assertThat(cpu.halted()).isFalse();
            long guest = m.memory().readU64(m.percpuField(0, PERCPU_QUIESCENCE_CHECKS));
            assertThat(guest).as("the guest reaches its idle loop's check").isPositive();
        }
    }

    @Test
    void interruptsEnterTheGuestsHandlersAndReturn() {
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("timer", InterruptKind.IRQ, 0x20, CpuTest.at(10_000, 20_000, 30_000)),
                new InterruptSource("nmi", InterruptKind.NMI, 2, CpuTest.at(15_000))));
        try (HostMachine m = boot(1); Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(60_000, events);
            List<CpuEvent.InterruptExit> exits = CpuTest.of(events, CpuEvent.InterruptExit.class);
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_IRQS))).isEqualTo(3);
            assertThat(m.memory().readU64(m.percpuField(0, PERCPU_NMIS))).isEqualTo(1);
            assertThat(exits).hasSize(4);
            assertThat(cpu.halted()).isFalse();
        }
    }

    @Property(tries = 30, seed = "19")
    void stopMachinesStackIsACallChainEndingInCpuMain(@ForAll @LongRange(min = 1_000, max = 80_000) long stopAtNs) {
        try (HostMachine m = boot(1); Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(stopAtNs, events);
            cpu.control(CpuControl.STOP);
            cpu.runUntil(stopAtNs + 20_000, events);
            List<CpuEvent.Stopped> stops = CpuTest.of(events, CpuEvent.Stopped.class);
            assertThat(stops).hasSize(1);
            long[] stack = stops.getFirst().stack();
            for (int i = 1; i < stack.length; i++) {
                int before = m.memory().readU32(stack[i] - 4);
                assertThat(A64.isBl(before)).as("frame %d, 0x%x, follows a BL (0x%08x)", i, stack[i], before).isTrue();
            }
            GuestSymbol bottom = m.image().symbols().containing(stack[stack.length - 1]).orElseThrow();
            assertThat(bottom.name()).as("the bottom of %d frames", stack.length).isEqualTo("cpu_main");
            GuestSymbol top = m.image().symbols().containing(stack[0]).orElseThrow();
            assertThat(top.type()).isEqualTo(GuestSymbol.Type.FUNCTION);
        }
    }

    @Test
    void stopsInsideCalleesUnwindThroughTheirFrameRecordsAndLinkRegister() {
        int deepest = 0;
        for (long at = 2_000; at <= 40_000; at += 1_300) {
            try (HostMachine m = boot(1); Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
                List<CpuEvent> events = new ArrayList<>();
                cpu.runUntil(at, events);
                cpu.control(CpuControl.STOP);
                cpu.runUntil(at + 20_000, events);
                deepest = Math.max(deepest, CpuTest.of(events, CpuEvent.Stopped.class).getFirst().stack().length);
            }
        }
        assertThat(deepest).as("some stop lands two calls below cpu_main").isGreaterThanOrEqualTo(3);
    }
}
