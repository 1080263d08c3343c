/**
 * Virtual time: nanoseconds of simulated time, advanced only by retired guest instructions and the
 * host's quanta, never by the wall clock (DESIGN.md §3).
 */
package dev.quiesce.time;
