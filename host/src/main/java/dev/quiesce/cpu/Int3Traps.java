package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.host.HostMachine;

import java.util.OptionalLong;

/**
 * The exceptions that end a {@link Cpu}'s run: a text_poke int3 is emulated in Java (the host's probes know where
 * each live int3 leads, as Linux's {@code poke_int3_handler()} does, arch/x86/kernel/alternative.c), or, with
 * {@code text-poke.int3-handler = guest}, delivered as #BP into the guest's {@code poke_int3_handler}, whose claim
 * decides (docs/guest-handlers.md); an int3 nobody claims and any other exception are faults.
 */
final class Int3Traps {

    /** Where the CPU goes on after an exception or the handler's return, and whether it stopped on a fault. */
    record Resume(long rip, boolean halted) { }

    private final HostMachine host;
    private final UnicornEngine engine;
    private final CpuArch arch;
    private final InterruptFrames frames;
    private final CpuEventLog log;
    private final CodeFetch fetch;
    private final CodeFetch.Sink fetchSink;
    private final long pokeHandler; // poke_int3_handler, or -1 when the simulator emulates text_poke int3s in Java
    private int trap = -1;

    /** The traps of the CPU whose {@code frames} and {@code log} these are. */
    Int3Traps(HostMachine host, UnicornEngine engine, CpuArch arch, InterruptFrames frames, CpuEventLog log, CodeFetch fetch,
              CodeFetch.Sink fetchSink) {
        this.host = host;
        this.engine = engine;
        this.arch = arch;
        this.frames = frames;
        this.log = log;
        this.fetch = fetch;
        this.fetchSink = fetchSink;
        this.pokeHandler = host.settings().int3Handler() == dev.quiesce.host.Int3Handler.GUEST
                ? host.address("poke_int3_handler") : -1;
    }

    /** From now on an exception (int3 or another) ends the engine's run, to be taken with {@link #trapped}. */
    void catchExceptions() {
        engine.hooks().interrupt(n -> { // int3 and other exceptions end the run; Cpu.runTo decides
            trap = n;
            engine.stop();
        });
    }

    /** Whether an exception ended the last run. */
    boolean caught() {
        return trap >= 0;
    }

    /** The exception that ended the run at {@code rip} (after the instruction, for an int3) is taken. */
    Resume trapped(long rip, long nowNs) {
        int vector = trap;
        trap = -1;
        if (vector == arch.breakpointInterrupt() && pokeHandler >= 0 && !frames.full()) {
            frames.pushBreakpoint(rip);
            return new Resume(pokeHandler, false);
        }
        if (vector == arch.breakpointInterrupt()) {
            long at = arch.breakpointSite(rip);
            OptionalLong target = host.probes().int3Target(at);
            if (target.isPresent()) {
                long to = target.getAsLong();
                engine.writeReg(arch.pc(), to);
                log.add(new CpuEvent.Int3Emulated(nowNs, log.cpu(), log.next(), at, to));
                return new Resume(to, false);
            }
            log.add(new CpuEvent.Fault(nowNs, log.cpu(), log.next(), FaultKind.BREAKPOINT, at, host.describe(at),
                    arch.arch() == dev.quiesce.isa.Arch.X86_64 ? "int3 outside any text_poke window"
                            : "BRK outside any text_poke window (the guest's __builtin_trap: a failed assertion)"));
            return new Resume(rip, true);
        }
        log.add(new CpuEvent.Fault(nowNs, log.cpu(), log.next(), FaultKind.OTHER, rip, host.describe(rip),
                "CPU exception vector " + vector));
        return new Resume(rip, true);
    }

    /**
     * {@code poke_int3_handler} returned: if it claimed the int3 the interrupted code goes on where the frame now
     * says (an {@link CpuEvent.Int3Emulated}, IRET serialising); otherwise the int3 was nobody's and the CPU faults.
     */
    Resume returned(long nowNs) {
        InterruptFrames.BreakpointExit exit = frames.popBreakpoint();
        if (!exit.claimed()) {
            log.add(new CpuEvent.Fault(nowNs, log.cpu(), log.next(), FaultKind.BREAKPOINT, exit.at(),
                    host.describe(exit.at()),
                    "int3 not claimed by poke_int3_handler (no patch descriptor entry for it)"));
            return new Resume(exit.rip(), true);
        }
        log.add(new CpuEvent.Int3Emulated(nowNs, log.cpu(), log.next(), exit.at(), exit.rip()));
        fetch.serialise(arch.handlerReturn(), fetchSink);
        return new Resume(exit.rip(), false);
    }
}
