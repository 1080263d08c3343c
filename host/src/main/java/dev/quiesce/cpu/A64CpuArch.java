package dev.quiesce.cpu;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.unicorn.Arm64Reg;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.isa.Arch;

/**
 * The AArch64 CPU at EL1 (where Unicorn's arm64 engine starts): PC, SP, the frame pointer X29, the AAPCS64 arguments
 * X0 and X1 and result X0, PSTATE.I as the interrupt mask (Arm ARM DDI 0487, D1.3 "Process state, PSTATE": I masks
 * IRQs; the guest masks with {@code msr daifset, #2} as Xen's {@code local_irq_disable} does), TPIDR_EL1 as the per-CPU
 * base (Linux keeps its per-CPU offset there), and the return address in the link register X30 — the simulator's
 * magic return address for a handler, the faulting exit for the entry. AAPCS64 has no red zone: a nested handler's
 * stack starts just below the interrupted SP (16-byte aligned, as SP must be at a call). docs/aarch64.md.
 */
final class A64CpuArch implements CpuArch {

    static final A64CpuArch INSTANCE = new A64CpuArch();

    /** PSTATE at boot: EL1h (M[3:0] = 0b0101), D, A and F masked, I clear: IRQs enabled. */
    static final long PSTATE_BOOT = 0x345;
    /** What Unicorn's interrupt hook reports for a {@code BRK} ({@code EXCP_BKPT}, Arm64HazardsTest). */
    static final int BRK_INTERRUPT = 7;

    private A64CpuArch() {
    }

    @Override
    public Arch arch() {
        return Arch.AARCH64;
    }

    @Override
    public int pc() {
        return Arm64Reg.PC;
    }

    @Override
    public int sp() {
        return Arm64Reg.SP;
    }

    @Override
    public int fp() {
        return Arm64Reg.X29;
    }

    @Override
    public int lr() {
        return Arm64Reg.X30;
    }

    @Override
    public int lrSlot() {
        return Arm64Reg.contextSlot(Arm64Reg.X30);
    }

    @Override
    public int result() {
        return Arm64Reg.x(0);
    }

    @Override
    public int flags() {
        return Arm64Reg.PSTATE;
    }

    @Override
    public boolean irqsEnabled(long flags) {
        return (flags & Arm64Reg.PSTATE_I) == 0;
    }

    @Override
    public long withIrqs(long flags, boolean enabled) {
        return enabled ? flags & ~Arm64Reg.PSTATE_I : flags | Arm64Reg.PSTATE_I;
    }

    @Override
    public int pcSlot() {
        return Arm64Reg.contextSlot(Arm64Reg.PC);
    }

    @Override
    public int spSlot() {
        return Arm64Reg.contextSlot(Arm64Reg.SP);
    }

    @Override
    public int fpSlot() {
        return Arm64Reg.contextSlot(Arm64Reg.X29);
    }

    @Override
    public int flagsSlot() {
        return Arm64Reg.contextSlot(Arm64Reg.PSTATE);
    }

    @Override
    public void boot(UnicornEngine engine, GuestMemory memory, long stackTop, long exit, int cpu, long percpu) {
        engine.writeReg(Arm64Reg.PSTATE, PSTATE_BOOT);
        engine.writeReg(Arm64Reg.SP, stackTop & -16L);
        engine.writeReg(Arm64Reg.X29, 0);
        engine.writeReg(Arm64Reg.X30, exit);
        engine.writeReg(Arm64Reg.x(0), cpu);
        engine.writeReg(Arm64Reg.TPIDR_EL1, percpu);
    }

    @Override
    public void callHandler(UnicornEngine engine, GuestMemory memory, long below, long magic, long arg0, long arg1) {
        engine.writeReg(Arm64Reg.SP, below & -16L);
        engine.writeReg(Arm64Reg.X30, magic);
        engine.writeReg(Arm64Reg.x(0), arg0);
        engine.writeReg(Arm64Reg.x(1), arg1);
    }

    @Override
    public CpuEvent.Serialising handlerReturn() {
        return CpuEvent.Serialising.ERET;
    }

    @Override
    public int redZone() {
        return 0;
    }

    @Override
    public int breakpointInterrupt() {
        return BRK_INTERRUPT;
    }

    @Override
    public long breakpointSite(long pc) {
        return pc; // a BRK's preferred return address is the BRK itself
    }
}
