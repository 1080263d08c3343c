package dev.quiesce.interrupt;

/**
 * One interrupt line of a CPU: what arrives (kind and vector) and when (its arrival process).
 *
 * @param name    the source's name in reports ({@code timer}, {@code device}, {@code storm}, {@code nmi})
 * @param kind    IRQ or NMI
 * @param vector  the vector passed to the guest handler
 * @param process the arrival times
 */
public record InterruptSource(String name, InterruptKind kind, int vector, ArrivalProcess process) {
}
