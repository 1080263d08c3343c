package dev.quiesce.cpu;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.X86Reg;
import dev.quiesce.isa.Arch;

/**
 * The x86-64 CPU: RIP, RSP, RBP, the System V arguments RDI and RSI, RFLAGS.IF as the interrupt mask (Intel SDM vol. 3A
 * §6.8.1, "Masking Maskable Hardware Interrupts"), {@code %gs} as the per-CPU base as Xen and Linux use it, and the
 * return address pushed on the stack.
 */
final class X86CpuArch implements CpuArch {

    static final X86CpuArch INSTANCE = new X86CpuArch();

    /** RFLAGS at boot: IF set and the reserved bit 1. */
    private static final long RFLAGS_RESET = 0x202;

    private X86CpuArch() {
    }

    @Override
    public Arch arch() {
        return Arch.X86_64;
    }

    @Override
    public int pc() {
        return X86Reg.RIP;
    }

    @Override
    public int sp() {
        return X86Reg.RSP;
    }

    @Override
    public int fp() {
        return X86Reg.RBP;
    }

    @Override
    public int lr() {
        return -1;
    }

    @Override
    public int lrSlot() {
        return -1;
    }

    @Override
    public int result() {
        return X86Reg.RAX;
    }

    @Override
    public int flags() {
        return X86Reg.RFLAGS;
    }

    @Override
    public boolean irqsEnabled(long flags) {
        return (flags & X86Reg.RFLAGS_IF) != 0;
    }

    @Override
    public long withIrqs(long flags, boolean enabled) {
        return enabled ? flags | X86Reg.RFLAGS_IF : flags & ~X86Reg.RFLAGS_IF;
    }

    @Override
    public int pcSlot() {
        return X86Reg.contextSlot(X86Reg.RIP);
    }

    @Override
    public int spSlot() {
        return X86Reg.contextSlot(X86Reg.RSP);
    }

    @Override
    public int fpSlot() {
        return X86Reg.contextSlot(X86Reg.RBP);
    }

    @Override
    public int flagsSlot() {
        return X86Reg.contextSlot(X86Reg.RFLAGS);
    }

    @Override
    public void boot(UnicornEngine engine, GuestMemory memory, long stackTop, long exit, int cpu, long percpu) {
        long sp = stackTop - 8;
        memory.writeU64(sp, exit);
        engine.writeReg(X86Reg.RSP, sp);
        engine.writeReg(X86Reg.RBP, 0);
        engine.writeReg(X86Reg.RDI, cpu);
        engine.writeReg(X86Reg.RFLAGS, RFLAGS_RESET);
        engine.writeReg(X86Reg.GS_BASE, percpu);
    }

    @Override
    public void callHandler(UnicornEngine engine, GuestMemory memory, long below, long magic, long arg0, long arg1) {
        long sp = below - 8;
        memory.writeU64(sp, magic);
        engine.writeReg(X86Reg.RSP, sp);
        engine.writeReg(X86Reg.RDI, arg0);
        engine.writeReg(X86Reg.RSI, arg1);
    }

    @Override
    public CpuEvent.Serialising handlerReturn() {
        return CpuEvent.Serialising.IRET;
    }

    @Override
    public int redZone() {
        return 128;
    }

    @Override
    public int breakpointInterrupt() {
        return 3; // #BP
    }

    @Override
    public long breakpointSite(long pc) {
        return pc - 1; // #BP is a trap: RIP is past the one-byte INT3
    }
}
