package dev.quiesce.host;

import dev.quiesce.interrupt.Burst;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.interrupt.InterruptSource;
import dev.quiesce.interrupt.Periodic;
import dev.quiesce.interrupt.Poisson;
import dev.quiesce.interrupt.Scheduled;
import dev.quiesce.random.SeedStream;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a CPU's interrupt schedule from the host's interrupt settings, each source on its own
 * named stream ({@code …/cpu/3/irq.timer}, machine checks on {@code …/cpu/3/mce}).
 */
public final class HostInterrupts {

    /** Vector of the local timer (the guest's IRQ_VECTOR_TIMER). */
    public static final int TIMER_VECTOR = 0x20;
    /** Vector of device interrupts. */
    public static final int DEVICE_VECTOR = 0x30;
    /** Vector of storm interrupts. */
    public static final int STORM_VECTOR = 0x31;
    /** Vector of injected IRQs. */
    public static final int INJECTED_VECTOR = 0x32;
    /** Vector number reported for NMIs. */
    public static final int NMI_VECTOR = 2;
    /** Vector of the machine-check exception (#MC), Intel SDM vol. 3A, "Exception and Interrupt Reference". */
    public static final int MCE_VECTOR = 18;

    private HostInterrupts() {
    }

    /** The schedule of CPU {@code id}, with the injections meant for it; {@code cpu} is its seed stream. */
    public static InterruptSchedule schedule(InterruptSettings s, int id, SeedStream cpu) {
        List<InterruptSource> random = sources(s, cpu);
        long[] nmis = s.injections().stream().filter(i -> i.cpu() == id && i.kind() == InterruptKind.NMI)
                .mapToLong(InterruptSettings.Injection::atNs).toArray();
        long[] irqs = s.injections().stream().filter(i -> i.cpu() == id && i.kind() == InterruptKind.IRQ)
                .mapToLong(InterruptSettings.Injection::atNs).toArray();
        long[] mces = s.injections().stream().filter(i -> i.cpu() == id && i.kind() == InterruptKind.MCE)
                .mapToLong(InterruptSettings.Injection::atNs).toArray();
        // the random sources are built once: each draws its first arrival when the schedule is made, so building them
        // twice (once for a schedule without the injections) would skip a first arrival and make the injections
        // change the CPU's other streams (docs/architecture.md §3 rule 2; a forked hunt relies on it, docs/forking.md)
        List<InterruptSource> sources = new ArrayList<>(random);
        if (nmis.length > 0) {
            sources.add(new InterruptSource("nmi.injected", InterruptKind.NMI, NMI_VECTOR, new Scheduled(nmis)));
        }
        if (irqs.length > 0) {
            sources.add(new InterruptSource("irq.injected", InterruptKind.IRQ, INJECTED_VECTOR, new Scheduled(irqs)));
        }
        if (mces.length > 0) {
            sources.add(new InterruptSource("mce.injected", InterruptKind.MCE, MCE_VECTOR, new Scheduled(mces)));
        }
        return new InterruptSchedule(sources);
    }

    /** The schedule of one CPU; {@code cpu} is that CPU's seed stream. */
    public static InterruptSchedule schedule(InterruptSettings s, SeedStream cpu) {
        return new InterruptSchedule(sources(s, cpu));
    }

    /** The random sources of one CPU, each on its own stream, in tie-break order. */
    private static List<InterruptSource> sources(InterruptSettings s, SeedStream cpu) {
        List<InterruptSource> sources = new ArrayList<>();
        if (s.timerPeriodNs() > 0) {
            sources.add(new InterruptSource("timer", InterruptKind.IRQ, TIMER_VECTOR,
                    new Periodic(s.timerPeriodNs(), cpu.child("irq.timer").random())));
        }
        if (s.deviceRatePerMs() > 0) {
            sources.add(new InterruptSource("device", InterruptKind.IRQ, DEVICE_VECTOR,
                    new Poisson(s.deviceRatePerMs(), cpu.child("irq.device").random())));
        }
        if (s.stormRatePerMs() > 0) {
            sources.add(new InterruptSource("storm", InterruptKind.IRQ, STORM_VECTOR,
                    new Burst(s.stormRatePerMs(), s.stormLength(), s.stormSpacingNs(), cpu.child("irq.storm").random())));
        }
        if (s.nmiRatePerMs() > 0) {
            sources.add(new InterruptSource("nmi", InterruptKind.NMI, NMI_VECTOR,
                    new Poisson(s.nmiRatePerMs(), cpu.child("nmi").random())));
        }
        if (s.nmiWatchdogPeriodNs() > 0) {
            sources.add(new InterruptSource("nmi.watchdog", InterruptKind.NMI, NMI_VECTOR,
                    new Periodic(s.nmiWatchdogPeriodNs(), cpu.child("nmi.watchdog").random())));
        }
        if (s.mceRatePerMs() > 0) { // last, and on its own stream: adding it changes no other source's draws
            sources.add(new InterruptSource("mce", InterruptKind.MCE, MCE_VECTOR,
                    new Poisson(s.mceRatePerMs(), cpu.child("mce").random())));
        }
        return sources;
    }
}
