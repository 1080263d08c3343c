package dev.quiesce.emulator.unicorn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One engine's runs under {@link Counting#BLOCK}: the {@link BlockHook}'s fields after the common ones of
 * {@link CounterBlock}, its table of blocks ({@link BlockTable}), and the run loop that
 * restarts Unicorn where the hook stopped it — to learn a new block, to single-step, or to leave single-stepping.
 *
 * <p>Instruction counts come from Unicorn itself: {@code uc_ctl(UC_CTL_TB_REQUEST_CACHE, pc, &uc_tb)} returns the
 * translated block at {@code pc} with its {@code icount} and {@code size} (unicorn.h of 2.0.1 and 2.1.4; the same
 * control code {@value #CTL_TB_REQUEST_CACHE} in both). Single-stepping is the architecture's {@link SingleStep}. On
 * x86-64 it sets the trap flag ({@link TrapFlagStep}; RFLAGS.TF, Intel SDM vol. 3B §17.3.1.4): QEMU then translates
 * one instruction per block and raises #DB after it, which a native no-op interrupt hook, present only while
 * single-stepping, swallows. On aarch64 a per-instruction code hook counts the stepped block
 * ({@link CodeHookStep}). A block is single-stepped when it would overrun the budget, when the watched or stop
 * address lies inside it (not at its start), when it may hold an instruction the run must stop right after
 * ({@link SingleStep#mustStep}: {@code CPUID}), when a Java code hook covers part of it (the hook reads the count),
 * and when Unicorn reports a different size than the hook saw. The table is keyed by pc and size and emptied whenever this engine's
 * translations are dropped ({@link #clear}; {@link #forget} for a range), so a rewritten block is learned again.
 */
final class BlockCounter {

    static final long REQUEST = 80;
    static final long STOPPED_AT = 72;
    static final long STEPPING = 88;
    static final long STEP_FROM = 96;
    static final long STEP_TO = 104;
    static final long TABLE = 112;
    static final long TABLE_MASK = 120;
    static final long LAST_PC = 128;
    static final long LAST_COUNT = 136;
    static final long MISS_SIZE = 144;
    static final long SWITCH_FN = 152;
    static final long SIZE = 160;

    static final int CTL_TB_REQUEST_CACHE = 0xC8000008;
    private static final long STOP = 1;
    private static final long STEP = 2;
    private static final long UNSTEP = 3;
    private static final long MISS = 4;

    private final UnicornEngine engine;
    private final SingleStep step;
    private final UnicornLibrary lib;
    private final MemorySegment uc;
    private final MemorySegment block;
    private final BlockTable table;
    private final MemorySegment tb;
    private final MemorySegment bytes;
    private final List<long[]> stepRanges = new ArrayList<>();
    private final Arena arena;
    private long learned;

    /** Process-wide tallies for benchmarks: runs, restarts by reason, table clears. */
    static final java.util.concurrent.atomic.LongAdder[] TALLY =
            java.util.stream.Stream.generate(java.util.concurrent.atomic.LongAdder::new).limit(7)
                    .toArray(java.util.concurrent.atomic.LongAdder[]::new);

    BlockCounter(UnicornEngine engine, UnicornLibrary lib, MemorySegment uc, Arena arena, CounterBlock counter,
                 SingleStep step) {
        this.engine = engine;
        this.step = step;
        this.lib = lib;
        this.uc = uc;
        this.block = counter.segment();
        this.table = new BlockTable(arena);
        this.tb = arena.allocate(16, 8);
        this.bytes = arena.allocate(4096, 8);
        this.arena = arena;
        block.set(JAVA_LONG, TABLE, table.address());
        block.set(JAVA_LONG, TABLE_MASK, table.mask());
        clear();
    }

    /** Forgets every learned block (its translation may have changed, or what makes it single-stepped). */
    void clear() {
        TALLY[5].increment();
        table.clear();
    }

    /** Forgets the learned blocks that overlap {@code [address, address + length)} ({@link BlockTable#forget}). */
    void forget(long address, long length) {
        table.forget(address, length);
    }

    /** Whether single-stepping is entered and left inside runs ({@link SingleStep#insideRuns()}). */
    boolean steppingInsideRuns() {
        return step.insideRuns();
    }

    /** Whether the engine is single-stepping now (a #DB then is the trap flag's, not the guest's). */
    boolean stepping() {
        return block.get(JAVA_LONG, STEPPING) != 0;
    }

    /**
     * The engine has an interrupt hook of its own, which handles the trap flag's #DB: from now on the block hook enters
     * and leaves single-stepping without stopping the run, through {@link #onSwitch} (an upcall that sets or clears TF
     * and writes RIP; Unicorn then leaves the current block unexecuted and goes on at RIP). Without an interrupt hook
     * the run stops there and {@link #run} restarts it with a temporary no-op interrupt hook.
     */
    void switchInsideRuns(java.util.function.Consumer<Throwable> failures) {
        if (block.get(JAVA_LONG, SWITCH_FN) == 0) {
            MemorySegment fn = Upcalls.code(failures, new Hooks.Code() {
                @Override
                public void onCode(long address) {
                    onSwitch(address);
                }

                @Override
                public void onCode(long address, int size) {
                    onSwitch(address);
                }
            }, arena);
            block.set(JAVA_LONG, SWITCH_FN, fn.address());
        }
    }

    /** From the block hook, at the block at {@code address}: enter (request 2) or leave (3) single-stepping. */
    private void onSwitch(long address) {
        long request = block.get(JAVA_LONG, REQUEST);
        block.set(JAVA_LONG, REQUEST, 0L);
        TALLY[(int) request].increment();
        boolean step = request == STEP;
        if (step && block.get(JAVA_LONG, STEP_TO) <= address) {
            block.set(JAVA_LONG, STEP_TO, address + 1);
        }
        block.set(JAVA_LONG, STEPPING, step ? 1L : 0L);
        this.step.set(engine, step);
        engine.writeReg(this.step.pcRegister(), address);
    }

    /** Blocks learned so far (each costs one restart). */
    long learned() {
        return learned;
    }

    /** A Java code hook covers {@code [begin, end]}: blocks overlapping it are single-stepped. */
    void addStepRange(long[] range) {
        stepRanges.add(range);
        clear();
    }

    void removeStepRange(long[] range) {
        stepRanges.remove(range);
        clear();
    }

    /** Runs from {@code begin} until the budget is spent, a hook stops the run, or the guest faults; returns the rc. */
    int run(long begin) {
        long pc = begin;
        int rc;
        TALLY[0].increment();
        boolean inside = block.get(JAVA_LONG, SWITCH_FN) != 0;
        block.set(JAVA_LONG, STEPPING, 0L);
        while (true) {
            block.set(JAVA_LONG, REQUEST, 0L);
            boolean stepping = stepping();
            long intr = 0;
            if (stepping) {
                step.set(engine, true);
                if (!inside && step.insideRuns()) {
                    intr = engine.hooks().addStepInterruptHook();
                }
            }
            boolean steppedAtEnd;
            TALLY[6].increment();
            try {
                rc = engine.emuStart(pc, 0, 0);
            } finally {
                steppedAtEnd = stepping();
                if (stepping || steppedAtEnd) {
                    step.set(engine, false);
                }
                if (intr != 0) {
                    engine.hooks().delete(intr);
                }
            }
            long request = block.get(JAVA_LONG, REQUEST);
            if (rc != 0) {
                if (!steppedAtEnd) {
                    countToFault();
                }
                break;
            }
            if (request == 0) {
                break;
            }
            pc = block.get(JAVA_LONG, STOPPED_AT);
            TALLY[(int) request].increment();
            if (request == STOP) {
                engine.writeReg(step.pcRegister(), pc); // Unicorn 2.0 rewinds RIP only when no code hook exists
                break;
            } else if (request == STEP) {
                block.set(JAVA_LONG, STEPPING, 1L);
                if (block.get(JAVA_LONG, STEP_TO) <= pc) {
                    block.set(JAVA_LONG, STEP_TO, pc + 1);
                }
            } else if (request == UNSTEP) {
                block.set(JAVA_LONG, STEPPING, 0L);
            } else if (request == MISS) {
                learn(pc, (int) block.get(JAVA_LONG, MISS_SIZE));
            }
        }
        block.set(JAVA_LONG, STEPPING, 0L);
        return rc;
    }

    /** Learns the block at {@code pc} that the hook saw with {@code size} bytes. */
    private void learn(long pc, int size) {
        learned++;
        engine.writeReg(step.pcRegister(), pc);
        int icount = -1;
        int[] cached = requestCache(pc);
        if (cached != null && cached[1] == size && !needsStepping(pc, size)) {
            icount = cached[0];
        }
        table.put(pc, size, icount);
    }

    private boolean needsStepping(long pc, int size) {
        long end = pc + size;
        long watch = block.get(JAVA_LONG, CountingHook.WATCH_ADDRESS);
        long stopAddress = block.get(JAVA_LONG, CountingHook.STOP_ADDRESS);
        if ((watch > pc && watch < end) || (stopAddress > pc && stopAddress < end)) {
            return true;
        }
        for (long[] r : stepRanges) {
            if (r[0] < end && r[1] >= pc) {
                return true;
            }
        }
        int n = Math.min(size, (int) bytes.byteSize());
        int rc = invoke(() -> (int) lib.memRead.invokeExact(uc, pc, bytes, (long) n));
        return rc != 0 || step.mustStep(bytes, n);
    }

    /** {@code {icount, size}} of the block Unicorn translates at {@code pc} for the CPU's state now, or null. */
    private int[] requestCache(long pc) {
        int rc = invoke(() -> (int) lib.ctlRequestCache.invokeExact(uc, CTL_TB_REQUEST_CACHE, pc, tb));
        if (rc != 0 || tb.get(JAVA_LONG, 0) != pc) {
            return null;
        }
        return new int[] {Short.toUnsignedInt(tb.get(JAVA_SHORT, 8)), Short.toUnsignedInt(tb.get(JAVA_SHORT, 10))};
    }

    /**
     * After a fault inside a whole block: the hook counted all of it, but the CPU stopped at the faulting instruction.
     * Counts the instructions from the block's start to the fault (each one's length is the size of the one-instruction
     * block Unicorn translates there with the trap flag set) and makes the count the per-instruction scheme's: those
     * before the fault, plus the faulting one.
     */
    private void countToFault() {
        long start = block.get(JAVA_LONG, LAST_PC);
        long before = block.get(JAVA_LONG, LAST_COUNT);
        long fault = engine.readReg(step.pcRegister());
        long counted = block.get(JAVA_LONG, CountingHook.EXECUTED);
        if (start == -1 || fault < start || counted <= before) {
            return;
        }
        int length = step.instructionLength();
        if (length > 0) {
            long n = (fault - start) / length;
            if ((fault - start) % length == 0 && before + n < counted) {
                block.set(JAVA_LONG, CountingHook.EXECUTED, before + n + 1);
            }
            return;
        }
        long saved = step.begin(engine);
        try {
            long pc = start;
            long n = 0;
            while (pc < fault && before + n < counted) {
                int[] one = requestCache(pc);
                if (one == null || one[1] == 0) {
                    return;
                }
                pc += one[1];
                n++;
            }
            if (pc == fault && before + n < counted) {
                block.set(JAVA_LONG, CountingHook.EXECUTED, before + n + 1);
            }
        } finally {
            step.restore(engine, saved);
            engine.writeReg(step.pcRegister(), fault);
        }
    }

    /** The tallies as text: runs, uc_emu_start calls, stops, single-step entries and exits, blocks learned, table clears. */
    static String tallies() {
        return "runs=" + TALLY[0].sum() + " uc_emu_start=" + TALLY[6].sum() + " stops=" + TALLY[1].sum() + " steps=" + TALLY[2].sum() + " unsteps="
                + TALLY[3].sum() + " learned=" + TALLY[4].sum() + " clears=" + TALLY[5].sum();
    }

    /** Marks the start of a run: no block counted yet. */
    void start() {
        block.set(JAVA_LONG, LAST_PC, -1L);
        block.set(JAVA_LONG, LAST_COUNT, 0L);
    }

    private interface Call {
        int call() throws Throwable;
    }

    private static int invoke(Call c) {
        try {
            return c.call();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
