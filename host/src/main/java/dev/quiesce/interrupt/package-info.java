/**
 * Interrupt arrival processes (periodic timer, Poisson device IRQs, storms, NMIs) drawn from seeded
 * streams, and the per-CPU schedule that merges them in a deterministic order.
 */
package dev.quiesce.interrupt;
