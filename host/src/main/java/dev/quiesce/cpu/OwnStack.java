package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.host.HostMachine;

/**
 * The stack of one emulated {@link Cpu}'s own context, unwound ({@link StackWalker}): the PC and return addresses of
 * the code running on the CPU's own stack, for its snapshot ({@link CpuSnapshot}) and its stop_machine report
 * ({@link CpuEvent.Stopped}).
 */
final class OwnStack {

    private final UnicornEngine engine;
    private final CpuArch arch;
    private final InterruptFrames frames;
    private final StackWalker unwinder;
    private final long low;
    private final long high;

    /** The own stack of CPU {@code id} of {@code host}, read through {@code engine}. */
    OwnStack(HostMachine host, int id, UnicornEngine engine, CpuArch arch, InterruptFrames frames) {
        this.engine = engine;
        this.arch = arch;
        this.frames = frames;
        this.unwinder = new StackWalker(host.memory(), host.image().symbols(), host.image().base(),
                host.image().end() + host.settings().payloadArea(), host.arch());
        this.low = host.stackTop(id) - host.settings().cpu().stackSize();
        this.high = host.stackTop(id);
    }

    /**
     * The PC and return addresses of this CPU's own context (the code any running handler interrupted; outside any
     * handler, the code running at {@code rip}).
     */
    long[] walk(long rip) {
        long[] ctx = frames.depth() == 0
                ? new long[] {rip, engine.readReg(arch.sp()), engine.readReg(arch.fp()), linkRegister()}
                : frames.outerContext();
        return unwinder.walk(ctx[0], ctx[1], ctx[2], ctx[3], low, high);
    }

    /** The link register's value, 0 on an architecture whose calls push the return address. */
    private long linkRegister() {
        return arch.lr() < 0 ? 0 : engine.readReg(arch.lr());
    }
}
