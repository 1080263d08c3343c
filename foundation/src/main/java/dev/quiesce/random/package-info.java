/**
 * Seeded, named random streams: all randomness of a run derives from its seed through paths such
 * as {@code seed → host 0 → cpu 3 → irq.timer} (docs/architecture.md §3 rule 2), so adding a CPU or an interrupt
 * source never changes another stream.
 */
package dev.quiesce.random;
