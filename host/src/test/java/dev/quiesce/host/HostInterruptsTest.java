package dev.quiesce.host;

import dev.quiesce.interrupt.Arrival;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.random.SeedStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostInterruptsTest {

    private static List<Arrival> firstMillisecond(InterruptSettings s, long seed) {
        InterruptSchedule sched = HostInterrupts.schedule(s, SeedStream.root(seed).child("cpu", 0));
        List<Arrival> out = new ArrayList<>();
        while (sched.peekTimePs() < 1_000_000_000L) {
            out.add(sched.poll());
        }
        return out;
    }

    @Test
    void nmiWatchdog_firesOncePerPeriodWithASeededPhase_asNmis() {
        InterruptSettings s = new InterruptSettings(0, 0, 0, 1, 1, 0, 100_000);
        List<Arrival> a = firstMillisecond(s, 1);
        assertThat(a).hasSize(10).allMatch(x -> x.kind() == InterruptKind.NMI && x.vector() == HostInterrupts.NMI_VECTOR);
        for (int i = 1; i < a.size(); i++) {
            assertThat(a.get(i).timePs() - a.get(i - 1).timePs()).isEqualTo(100_000_000L);
        }
        assertThat(firstMillisecond(s, 2).getFirst().timePs()).isNotEqualTo(a.getFirst().timePs());
    }

    @Test
    void nmiWatchdog_isOffByDefault() {
        assertThat(HostSettings.defaults().interrupts().nmiWatchdogPeriodNs()).isZero();
    }

    @net.jqwik.api.Property(tries = 50)
    void addingMachineChecksLeavesEveryOtherSourcesArrivalsAsTheyWere(@net.jqwik.api.ForAll long seed) {
        InterruptSettings without = new InterruptSettings(250_000, 2.0, 0.5, 5, 2_000, 0.3, 0);
        InterruptSettings with = new InterruptSettings(250_000, 2.0, 0.5, 5, 2_000, 0.3, 0, 3.0, List.of());
        List<Arrival> all = firstMillisecond(with, seed);
        List<Arrival> others = all.stream().filter(a -> a.kind() != InterruptKind.MCE).toList();
        assertThat(others).isEqualTo(firstMillisecond(without, seed));
        assertThat(all).filteredOn(a -> a.kind() == InterruptKind.MCE)
                .allMatch(a -> a.vector() == HostInterrupts.MCE_VECTOR);
    }

    @Test
    void machineChecksAreOffByDefault_andInjectionsOfKindMceBecomeAScheduledSource() {
        assertThat(HostSettings.defaults().interrupts().mceRatePerMs()).isZero();
        InterruptSettings s = new InterruptSettings(0, 0, 0, 1, 1, 0, 0).withInjections(List.of(
                new InterruptSettings.Injection(1, 7_000, InterruptKind.MCE),
                new InterruptSettings.Injection(0, 9_000, InterruptKind.MCE)));
        InterruptSchedule cpu1 = HostInterrupts.schedule(s, 1, SeedStream.root(1).child("cpu", 1));
        Arrival a = cpu1.poll();
        assertThat(a.timePs()).isEqualTo(7_000_000L);
        assertThat(a.kind()).isEqualTo(InterruptKind.MCE);
        assertThat(a.vector()).isEqualTo(HostInterrupts.MCE_VECTOR);
        assertThat(cpu1.peekTimePs()).isEqualTo(Long.MAX_VALUE);
    }

    @net.jqwik.api.Property(tries = 50)
    void injectionsLeaveTheCpusRandomArrivalsAsTheyWere(@net.jqwik.api.ForAll long seed,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 2_000_000) long atNs) {
        InterruptSettings without = new InterruptSettings(250_000, 2.0, 0.5, 5, 2_000, 300, 0);
        InterruptSettings with = without.withInjections(List.of(new InterruptSettings.Injection(0, atNs,
                InterruptKind.NMI), new InterruptSettings.Injection(0, atNs / 2, InterruptKind.IRQ)));
        List<Arrival> all = new ArrayList<>();
        List<Arrival> plain = new ArrayList<>();
        InterruptSchedule a = HostInterrupts.schedule(with, 0, SeedStream.root(seed).child("cpu", 0));
        InterruptSchedule b = HostInterrupts.schedule(without, 0, SeedStream.root(seed).child("cpu", 0));
        while (a.peekTimePs() < 3_000_000_000L) {
            all.add(a.poll());
        }
        while (b.peekTimePs() < 3_000_000_000L) {
            plain.add(b.poll());
        }
        assertThat(all).hasSize(plain.size() + 2);
        assertThat(all.stream().filter(x -> x.source() < 4).toList()).isEqualTo(plain);
    }
}
