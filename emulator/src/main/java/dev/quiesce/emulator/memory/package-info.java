/**
 * One host's physical memory ({@link dev.quiesce.emulator.memory.GuestMemory}), shared by every CPU
 * of the host, and the protections of its regions.
 */
package dev.quiesce.emulator.memory;
