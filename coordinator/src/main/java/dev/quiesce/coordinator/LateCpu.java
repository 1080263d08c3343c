package dev.quiesce.coordinator;

/**
 * A CPU a rendezvous waited for in vain: where it was when the deadline was seen, so a user can tell which of
 * their functions never reached a quiescence point.
 *
 * @param cpu          the CPU
 * @param pc           its next instruction at the last boundary before the deadline was seen (its latest
 *                     {@link dev.quiesce.cpu.CpuSnapshot}): in its own code, or in the interrupt handler it was in
 * @param symbol       {@code function+0xoff} of {@code pc}
 * @param line         {@code file.c:42} of {@code pc} when the code has line tables ({@code -g}), else empty
 * @param handlerDepth interrupt handlers it was inside (0: its own context)
 */
public record LateCpu(int cpu, long pc, String symbol, String line, int handlerDepth) {

    /** {@code cpu 3 at 0x401234 spin+0x12 (work.c:42)}, and {@code in an interrupt handler} when it was in one. */
    @Override
    public String toString() {
        return "cpu %d at 0x%x %s%s%s".formatted(cpu, pc, symbol, line.isEmpty() ? "" : " (" + line + ")",
                handlerDepth == 0 ? "" : " in an interrupt handler");
    }
}
