package dev.quiesce.host;

/**
 * Interrupt arrival rates of every CPU ({@code quiesce.host.interrupts} in reference.conf).
 *
 * @param timerPeriodNs   local timer period, 0 = no timer
 * @param deviceRatePerMs Poisson device IRQs per ms
 * @param stormRatePerMs  Poisson storm starts per ms
 * @param stormLength     IRQs per storm
 * @param stormSpacingNs  gap between IRQs of a storm
 * @param nmiRatePerMs    Poisson NMIs per ms (perf sampling, random sources)
 * @param nmiWatchdogPeriodNs the NMI watchdog's period (Linux's hardlockup detector, Xen's {@code watchdog}
 *                        NMI), 0 = off
 * @param mceRatePerMs    Poisson machine checks (#MC) per ms, 0 = none (docs/machine-checks.md)
 * @param injections      interrupts at exact instants on exact CPUs (a hunt's placements), on top of the rest
 */
public record InterruptSettings(long timerPeriodNs, double deviceRatePerMs, double stormRatePerMs,
                                int stormLength, long stormSpacingNs, double nmiRatePerMs, long nmiWatchdogPeriodNs,
                                double mceRatePerMs, java.util.List<Injection> injections) {

    public InterruptSettings {
        injections = java.util.List.copyOf(injections);
    }

    /** Without machine checks and injections. */
    public InterruptSettings(long timerPeriodNs, double deviceRatePerMs, double stormRatePerMs, int stormLength,
                             long stormSpacingNs, double nmiRatePerMs, long nmiWatchdogPeriodNs) {
        this(timerPeriodNs, deviceRatePerMs, stormRatePerMs, stormLength, stormSpacingNs, nmiRatePerMs,
                nmiWatchdogPeriodNs, 0, java.util.List.of());
    }

    /** One interrupt of {@code kind} on CPU {@code cpu} at virtual time {@code atNs}. */
    public record Injection(int cpu, long atNs, dev.quiesce.interrupt.InterruptKind kind) {
    }

    /** The same settings with {@code more} injections added. */
    public InterruptSettings withInjections(java.util.List<Injection> more) {
        java.util.List<Injection> all = new java.util.ArrayList<>(injections);
        all.addAll(more);
        return new InterruptSettings(timerPeriodNs, deviceRatePerMs, stormRatePerMs, stormLength, stormSpacingNs,
                nmiRatePerMs, nmiWatchdogPeriodNs, mceRatePerMs, all);
    }
}
