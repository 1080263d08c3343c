/**
 * Virtual time: nanoseconds of simulated time, advanced only by retired guest instructions and the
 * host's quanta, never by the wall clock (docs/architecture.md §3 rule 1).
 */
package dev.quiesce.time;
