/**
 * An emulated CPU ({@link dev.quiesce.cpu.Cpu}: one Unicorn engine running the guest image) and the
 * typed events it produces. {@code Cpu} keeps its run loop; its rendezvous side ({@code CpuRendezvous}), interrupt
 * frames ({@code InterruptFrames}, with {@code SseSave} for programs that use SSE), interrupt delivery ({@code InterruptDelivery}), int3 traps ({@code Int3Traps}), a run's
 * watch and probe hits ({@code RunHits}), its own unwound stack ({@code OwnStack}) and its event numbering
 * ({@code CpuEventLog}) are package-private helpers.
 */
package dev.quiesce.cpu;
