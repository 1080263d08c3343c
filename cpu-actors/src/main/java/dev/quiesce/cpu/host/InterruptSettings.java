package dev.quiesce.cpu.host;

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
 */
public record InterruptSettings(long timerPeriodNs, double deviceRatePerMs, double stormRatePerMs,
                                int stormLength, long stormSpacingNs, double nmiRatePerMs, long nmiWatchdogPeriodNs) {
}
