package dev.quiesce.cpu;

/**
 * What one emulated CPU looked like at the start of a quantum, right after it applied the boundary's
 * {@link CpuControl commands} and before it ran an instruction: where it is and what the coordinator's commands left
 * on it. Read-only, for oracles that judge what a protocol leaves behind ({@code SideStateRestored},
 * {@code RendezvousLiveness}); it never feeds back into the simulation.
 *
 * @param cpu              the CPU
 * @param timeNs           its local time (the boundary)
 * @param pc               the next instruction of the interrupted context or handler it is in
 * @param halted           whether it stopped on a fault
 * @param handlerDepth     interrupt handlers it is inside (0: its own context)
 * @param interruptsOn     RFLAGS.IF of its own context (the one interrupted by any handler)
 * @param ifWhenTaken      RFLAGS.IF its own context had when the coordinator last turned its IRQs off (IRQs-off or
 *                         stop), which the release restores; true if that never happened
 * @param holdAsked        asked to hold at its quiescence point ({@link CpuControl#HOLD_AT_QUIESCENCE})
 * @param parked           spinning where it is: held at its quiescence point, or stopped
 * @param irqsOffAsked     asked to turn IRQs off and not done yet
 * @param irqsOffHeld      its IRQs are off by the coordinator's command (IRQ phase, or stopped)
 * @param stopAsked        asked to stop ({@link CpuControl#STOP}) and not stopped yet
 * @param nmisSwallowed    NMIs are swallowed ({@link CpuControl#MASK_NMIS_SWALLOW})
 * @param nmisDeferred     NMIs are held back ({@link CpuControl#MASK_NMIS_DEFER})
 * @param syncIpiPending   a {@link CpuControl#SYNC_IPI} waits to be taken
 * @param releases         {@link CpuControl#RELEASE}s applied since boot
 * @param stack            its own context's PC and return addresses, unwound through the frame-pointer chain, only
 *                         when the host asked for stacks this boundary ({@code HostProbes.unwindStacks}); empty
 *                         otherwise. With a handler running it is the interrupted context's, not the handler's.
 */
public record CpuSnapshot(int cpu, long timeNs, long pc, boolean halted, int handlerDepth, boolean interruptsOn,
                          boolean ifWhenTaken, boolean holdAsked, boolean parked, boolean irqsOffAsked,
                          boolean irqsOffHeld, boolean stopAsked, boolean nmisSwallowed, boolean nmisDeferred,
                          boolean syncIpiPending, long releases, long[] stack) {

    /** Whether NMIs are masked either way. */
    public boolean nmisMasked() {
        return nmisSwallowed || nmisDeferred;
    }

    /** Whether any command of the coordinator still holds the CPU: a hold, a park, a stop or IRQs off, asked or taken. */
    public boolean heldByCoordinator() {
        return holdAsked || parked || irqsOffAsked || irqsOffHeld || stopAsked;
    }
}
