/**
 * One host's physical memory ({@link dev.quiesce.emulator.memory.GuestMemory}), shared by every CPU
 * of the host, and the protections of its regions; a program's private per-CPU data is one copy per CPU
 * ({@link dev.quiesce.emulator.memory.GuestMemory#makePrivate}).
 */
package dev.quiesce.emulator.memory;
