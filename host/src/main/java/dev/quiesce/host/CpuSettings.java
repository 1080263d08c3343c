package dev.quiesce.host;

/**
 * Settings of every emulated CPU of a host ({@code quiesce.host.cpu} in reference.conf).
 *
 * @param picosPerInstruction virtual time per retired instruction
 * @param stackSize           bytes of each CPU's stack
 * @param interruptStackSize  bytes of each CPU's interrupt stack
 * @param irqPollInstructions how often a pending IRQ re-checks RFLAGS.IF while the guest has it clear
 * @param maxInterruptNesting deepest interrupt nesting
 * @param spinPollNs          the period of a CPU's spin loop in a rendezvous: a parked CPU reads the shared state once
 *                            per period, so it turns IRQs off and resumes after a release at its next poll
 *                            ({@link dev.quiesce.cpu.SpinLoop}); 0 = at once, at the boundary (the old timing)
 */
public record CpuSettings(long picosPerInstruction, long stackSize, long interruptStackSize,
                          long irqPollInstructions, int maxInterruptNesting, long spinPollNs) {

    /** Without a spin loop (commands take effect at the boundary): the timing before the spin-loop model. */
    public CpuSettings(long picosPerInstruction, long stackSize, long interruptStackSize, long irqPollInstructions,
                       int maxInterruptNesting) {
        this(picosPerInstruction, stackSize, interruptStackSize, irqPollInstructions, maxInterruptNesting, 0);
    }
}
