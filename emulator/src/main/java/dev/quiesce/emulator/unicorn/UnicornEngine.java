package dev.quiesce.emulator.unicorn;

import dev.quiesce.emulator.memory.CodeView;
import dev.quiesce.emulator.memory.CodeWriteListener;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.isa.Arch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * One Unicorn engine: one emulated CPU's translation cache, registers and hooks — x86-64
 * ({@link UnicornEngines#open()}) or AArch64 ({@link UnicornEngines#open(Arch)}); the architecture-specific parts are
 * an {@link EngineArch}. Its hooks are an {@link EngineHooks} ({@link #hooks()}), its savable register state a
 * {@link RegisterState} ({@link #registerState()}).
 *
 * <p>Not thread-safe, but may be driven from different threads one after another (Unicorn hazard 5).
 * Runs are counted by a native hook installed at open, before anything is translated — per instruction or per
 * block ({@link Counting}) — so every {@link #run} stops after exactly its budget (hazard 3 does not arise:
 * Unicorn's own {@code count} is never used). Single-address hooks invalidate their address after being added (hazard 2); host
 * code writes through {@link GuestMemory#writeCode} invalidate the range (hazard 1); callbacks never
 * let an exception escape (hazard 4).
 */
public final class UnicornEngine implements AutoCloseable {

    private final UnicornLibrary lib;
    private final EngineArch arch;
    private final Arena arena;
    private final MemorySegment uc;
    private final EngineRegisters registers;
    private final CounterBlock counter;
    private final boolean counted;
    private final Counting counting;
    private final BlockCounter blocks;
    private final EngineHooks hooks;
    private final List<Runnable> onClose = new ArrayList<>();
    private final EngineContexts contexts;
    private final EngineCache cache;
    private final RegisterState registerState;
    private Throwable upcallFailure;
    private boolean closed;

    UnicornEngine(EngineArch arch, UnicornLibrary lib, Counting counting) {
        this.lib = lib;
        this.arch = arch;
        this.counted = counting != null;
        this.counting = counting;
        this.arena = Arena.ofShared();
        this.counter = new CounterBlock(arena, lib.emuStopAddress);
        MemorySegment handle = arena.allocate(ADDRESS);
        check("uc_open", invokeInt(lib.open, arch.ucArch(), arch.ucMode(), handle));
        this.uc = handle.get(ADDRESS, 0);
        this.registers = new EngineRegisters(lib, uc, arena, arch);
        arch.configure(this);
        this.blocks = EngineHooks.addCounting(this, arch, lib, uc, arena, counter, counting);
        this.cache = new EngineCache(lib, uc, arena, blocks);
        this.contexts = new EngineContexts(lib, uc, arena);
        this.hooks = new EngineHooks(this, lib, uc, arena, counter, blocks, this::failed);
        this.registerState = new RegisterState(this, registers, contexts);
    }

    /** This engine's library. */
    public UnicornLibrary engineLibrary() {
        return lib;
    }

    /** This engine's architecture. */
    public Arch arch() {
        return arch.arch();
    }

    /** The register id of this engine's program counter ({@link X86Reg#RIP}, {@link Arm64Reg#PC}). */
    public int pcRegister() {
        return arch.pcRegister();
    }

    /** This engine's counting scheme, null when uncounted. */
    public Counting counting() {
        return counting;
    }

    /** Blocks learned by this engine's block counting so far (0 under instruction counting). */
    public long blocksLearned() {
        return blocks == null ? 0 : blocks.learned();
    }

    /**
     * Maps every region of {@code memory} into this engine with its protection (real shared memory:
     * {@code uc_mem_map_ptr}) and subscribes to its code writes so this engine's translations of a
     * rewritten range are dropped.
     */
    public void mapShared(GuestMemory memory) {
        mapShared(memory, null, 0);
    }

    /**
     * Maps {@code memory} as {@link #mapShared(GuestMemory)} does, except that its executable regions come from
     * {@code view} (one CPU's code view under a stale-fetch model), which then tells this engine which ranges to
     * re-translate; host code writes no longer drop this engine's translations by themselves.
     */
    public void mapShared(GuestMemory memory, CodeView view) {
        mapShared(memory, view, 0);
    }

    /**
     * Maps {@code memory} for CPU {@code cpu}: as {@link #mapShared(GuestMemory, CodeView)} (a null {@code view}: no
     * code view), with CPU {@code cpu}'s own copy of the private per-CPU data ({@link GuestMemory#makePrivate}) at
     * its guest addresses. {@link #mapShared(GuestMemory)} is CPU 0's mapping.
     */
    public void mapShared(GuestMemory memory, CodeView view, int cpu) {
        for (Region r : memory.regions()) {
            mapPtr(r.address(), view != null && r.protection().executable() ? view.slice(r.address(), r.size())
                    : memory.backing(cpu, r.address(), r.size()), r.protection());
        }
        if (view != null) {
            view.attach(this::removeCache);
            return;
        }
        CodeWriteListener listener = this::removeCache;
        memory.addCodeWriteListener(listener);
        onClose.add(() -> memory.removeCodeWriteListener(listener));
    }

    /** Maps a native segment at a guest address. */
    public void mapPtr(long address, MemorySegment backing, Protection protection) {
        check("uc_mem_map_ptr(0x%x, 0x%x)".formatted(address, backing.byteSize()),
                invokeInt(lib.memMapPtr, uc, address, backing.byteSize(), protection.ucBits(), backing));
    }

    /** Reads a register ({@link X86Reg}, {@link Arm64Reg}; a 32-bit aarch64 register reads zero-extended). */
    public long readReg(int reg) {
        return registers.read(reg);
    }

    /** Writes a register ({@link X86Reg}, {@link Arm64Reg}). */
    public void writeReg(int reg, long value) {
        registers.write(reg, value);
    }

    /** Reads an aarch64 system register through {@code UC_ARM64_REG_CP_REG}. */
    public long readSystemRegister(Arm64Reg.SysReg reg) {
        return registers.readSystem(reg);
    }

    /** Writes an aarch64 system register through {@code UC_ARM64_REG_CP_REG} (between runs). */
    public void writeSystemRegister(Arm64Reg.SysReg reg, long value) {
        registers.writeSystem(reg, value);
    }

    /** This engine's hooks: adding ({@code uc_hook_add}) and removing them. */
    public EngineHooks hooks() {
        return hooks;
    }

    /** This engine's savable register state: register files, SSE state, XMM registers and contexts. */
    public RegisterState registerState() {
        return registerState;
    }

    /**
     * Runs from {@code begin} for at most {@code budget} instructions. The run ends earlier when a
     * hook calls {@link #stop} / {@link #stopBeforeCurrent} or the guest faults.
     *
     * @throws UpcallException if a hook threw during the run
     */
    public RunResult run(long begin, long budget) {
        if (!counted) {
            throw new IllegalStateException("engine opened without the counting hook");
        }
        counter.start(budget);
        int rc;
        if (blocks != null) {
            blocks.start();
            rc = blocks.run(begin);
        } else {
            rc = emuStart(begin, 0, 0);
        }
        long retired = counter.executed();
        return new RunResult(retired, UcError.of(rc));
    }

    /**
     * Raw {@code uc_emu_start(begin, until, 0, count)}; returns the {@code uc_err} code.
     *
     * @throws UpcallException if a hook threw during the run
     */
    public int emuStart(long begin, long until, long count) {
        int rc;
        try {
            rc = (int) lib.emuStart.invokeExact(uc, begin, until, 0L, count);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        Throwable failure = upcallFailure;
        if (failure != null) {
            upcallFailure = null;
            throw new UpcallException(failure);
        }
        return rc;
    }

    /**
     * Watches one guest address natively: every time execution reaches it (before the instruction
     * runs) the count of instructions executed so far in the run is recorded, without any upcall and
     * without leaving Unicorn's fast path. When {@code capacity} hits are recorded the run stops at
     * the address (uncounted) so the caller can {@link #drainWatchHits drain} them. Replaces any
     * previous watch.
     */
    public void watch(long address, int capacity) {
        if (!counted || capacity < 1) {
            throw new IllegalStateException("watching needs the counting hook and a positive capacity");
        }
        counter.watch(address, capacity);
        if (blocks != null) {
            blocks.clear();
        }
    }

    /**
     * Makes every run stop before executing {@code address} (uncounted), e.g. the magic return
     * address of an injected interrupt; {@code -1} clears it. The address must be mapped and
     * executable (Unicorn fetches it to translate), but is never executed.
     */
    public void stopAt(long address) {
        counter.stopAt(address);
        if (blocks != null) {
            blocks.clear();
        }
    }

    /** When set, a run stops before executing the watched address (uncounted, unrecorded). */
    public void stopAtWatch(boolean stop) {
        counter.stopAtWatch(stop);
    }

    /**
     * Copies the recorded hits of the watched address (instructions executed in the run before each
     * hit) into {@code out} from index 0, clears them, and returns how many there were.
     */
    public int drainWatchHits(long[] out) {
        return counter.drain(out);
    }

    /** Instructions counted so far in the current run (inside a code hook: including the current one). */
    public long countedInRun() {
        return counter.executed();
    }

    /**
     * From a code hook registered after the counting hook (any hook of this engine's): the current instruction runs and
     * counts, and the run stops before the next one.
     */
    public void stopAfterCurrent() {
        if (!counted) {
            throw new IllegalStateException("stopAfterCurrent needs the counting hook");
        }
        counter.stopAfterCurrent();
    }

    /** From a code hook: stops the run before the current instruction executes, and uncounts it. */
    public void stopBeforeCurrent() {
        counter.uncountCurrent();
        stop();
    }

    /** Requests the current run to stop ({@code uc_emu_stop}). */
    public void stop() {
        check("uc_emu_stop", invokeInt(lib.emuStop, uc));
    }

    /**
     * {@code uc_ctl(UC_CTL_TB_REQUEST_CACHE)}: the block Unicorn translates at {@code pc} for the CPU's state now,
     * as {@code {instruction count, size in bytes}} — translated if it was not (nothing runs).
     */
    public int[] translatedBlock(long pc) {
        return cache.translatedBlock(pc);
    }

    /** Drops this engine's translated blocks that overlap {@code [address, address + length)}. */
    public void removeCache(long address, long length) {
        cache.remove(address, length);
    }

    /** Drops every translated block of this engine. */
    public void flushCache() {
        cache.flush();
    }

    /** The counting hook's block (a host snapshot saves and restores its bytes: {@link EngineState}). */
    CounterBlock counterBlock() {
        return counter;
    }

    /** Whether {@link #close} ran. */
    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.forEach(Runnable::run);
        contexts.freeAll();
        invokeInt(lib.close, uc);
        arena.close();
    }

    /** Called inside an upcall whose callback threw: remember the first failure and stop the run. */
    private void failed(Throwable t) {
        if (upcallFailure == null) {
            upcallFailure = t;
        }
        try {
            int ignored = (int) lib.emuStop.invokeExact(uc);
        } catch (Throwable ignored) {
            // nothing more can be done inside an upcall
        }
    }

    private static int invokeInt(MethodHandle mh, Object... args) {
        try {
            return (int) mh.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void check(String call, int rc) {
        if (rc != 0) {
            throw new UnicornException(call, UcError.of(rc));
        }
    }
}
