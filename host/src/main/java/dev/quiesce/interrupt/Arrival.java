package dev.quiesce.interrupt;

/**
 * One interrupt arrival.
 *
 * @param timePs arrival time in picoseconds
 * @param source index of the source in its schedule (breaks ties deterministically)
 * @param kind   IRQ or NMI
 * @param vector the vector passed to the handler
 */
public record Arrival(long timePs, int source, InterruptKind kind, int vector) {
}
