package dev.quiesce.host;

/**
 * What one CPU did during a run.
 *
 * @param cpu                the CPU id
 * @param instructions       instructions retired
 * @param quiescencePoints   quiescence points reached
 * @param irqs               IRQs delivered
 * @param nmis               NMIs delivered
 * @param mces               machine checks (#MC) delivered
 * @param lostInterrupts     arrivals lost (IRQ vector already pending, NMI already latched or swallowed, #MC while
 *                           one was pending or in service)
 * @param longestGapNs       longest virtual time without a quiescence point (start and end of the
 *                           run count as boundaries, so a CPU that never quiesces shows the whole run)
 * @param faults             faults (0 or 1: a fault halts the CPU)
 * @param fault              the fault as text, or empty
 */
public record CpuSummary(int cpu, long instructions, long quiescencePoints, long irqs, long nmis, long mces,
                         long lostInterrupts, long longestGapNs, long faults, String fault) {
}
