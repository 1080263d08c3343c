package dev.quiesce.host;

/**
 * Settings of every emulated CPU of a host ({@code quiesce.host.cpu} in reference.conf).
 *
 * @param picosPerInstruction virtual time per retired instruction
 * @param stackSize           bytes of each CPU's stack
 * @param interruptStackSize  bytes of each CPU's interrupt stack
 * @param irqPollInstructions how often a pending IRQ re-checks RFLAGS.IF while the guest has it clear
 * @param maxInterruptNesting deepest interrupt nesting
 */
public record CpuSettings(long picosPerInstruction, long stackSize, long interruptStackSize,
                          long irqPollInstructions, int maxInterruptNesting) {
}
