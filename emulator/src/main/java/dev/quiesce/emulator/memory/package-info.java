/**
 * One host's physical memory ({@link dev.quiesce.emulator.memory.GuestMemory}), shared by every CPU
 * of the host, and the protections of its regions; a program's private per-CPU data is one copy per CPU
 * ({@link dev.quiesce.emulator.memory.GuestMemory#makePrivate}). Under a stale-fetch cross-modifying-code model
 * ({@link dev.quiesce.emulator.memory.XmcModel}) each CPU fetches code through its own
 * {@link dev.quiesce.emulator.memory.CodeView}; under {@code arm} a store is fetched only after its cache maintenance
 * ({@link dev.quiesce.emulator.memory.GuestMemory#maintainCode}) and a context synchronisation event.
 */
package dev.quiesce.emulator.memory;
