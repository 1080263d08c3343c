package dev.quiesce.emulator.unicorn;

import dev.quiesce.emulator.memory.GuestMemory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Block counting is exact: over random programs (loops with branches, calls to a watched function, stores, CPUID,
 * and random sequences of budgets, an engine counting per block and one counting per instruction retire the same
 * instructions per run, stop at the same RIP with the same registers, record the same arrivals at the watched address
 * and stop after the same CPUID — on Unicorn 2.0.x and 2.1.x; and with a faulting store somewhere, on 2.1.x they also
 * fault at the same instruction after the same count (on 2.0.x RIP after a data fault is the block's start:
 * {@code UnicornHazardsTest} hazard 8).
 */
class BlockCountingMatchesInstructionCountingTest {

    /** The pieces a program is made of; a piece is a few instructions. */
    private static final byte[][] PIECES = {
        TestCode.INC_RAX,
        TestCode.INC_RBX,
        {0x48, 0x01, (byte) 0xD8},                              // add rax, rbx
        {0x48, (byte) 0x89, 0x04, 0x25, 0x00, 0x18, 0x01, 0x00}, // mov [0x11800], rax
        {0x48, (byte) 0x8B, 0x0C, 0x25, 0x00, 0x18, 0x01, 0x00}, // mov rcx, [0x11800]
        {0x50, 0x5B},                                           // push rax; pop rbx
        {(byte) 0xA8, 0x01, 0x74, 0x03, 0x48, (byte) 0xFF, (byte) 0xC2}, // test al, 1; jz +3; inc rdx
        {(byte) 0xE8, 0, 0, 0, 0},                              // call f (patched)
        {0x0F, (byte) 0xA2},                                    // cpuid
        TestCode.NOP,
    };
    private static final int CALL = 7;
    private static final int CPUID = 8;
    private static final byte[] FAULT = {0x48, (byte) 0x89, 0x04, 0x25, 0x00, 0x00, 0x05, 0x00}; // mov [0x50000], rax
    private static final int F = 0x800; // the watched function: inc rsi; ret

    @Provide
    Arbitrary<int[]> programs() {
        return Arbitraries.integers().between(0, PIECES.length - 1).array(int[].class).ofMinSize(1).ofMaxSize(40);
    }

    /** Programs with the faulting store (index {@code PIECES.length}) somewhere. */
    @Provide
    Arbitrary<int[]> faultingPrograms() {
        return Arbitraries.integers().between(0, PIECES.length).array(int[].class).ofMinSize(1).ofMaxSize(40)
                .filter(p -> Arrays.stream(p).anyMatch(i -> i == PIECES.length));
    }

    @Provide
    Arbitrary<long[]> budgets() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 40), Arbitraries.longs().between(1, 5000),
                Arbitraries.of(4000L, 4001L, 1_000_007L)).array(long[].class).ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 150, seed = "18")
    void blockCountingRetiresStopsAndRecordsExactlyAsInstructionCounting(@ForAll("programs") int[] program,
                                                                          @ForAll("budgets") long[] budgets,
                                                                          @ForAll @IntRange(max = 40) int watched) {
        for (UnicornLibrary lib : Libraries.both()) {
            List<String> perInstruction = runs(lib, Counting.INSTRUCTION, false, program, budgets, watched);
            for (boolean interruptHook : new boolean[] {false, true}) {
                List<String> perBlock = runs(lib, Counting.BLOCK, interruptHook, program, budgets, watched);
                assertThat(perBlock).as(lib + (interruptHook ? " with" : " without") + " an interrupt hook, program "
                        + Arrays.toString(program)).isEqualTo(perInstruction);
            }
        }
    }

    @Property(tries = 100, seed = "18")
    void onUnicorn21BlockCountingFaultsAtTheSameInstructionAfterTheSameCount(
            @ForAll("faultingPrograms") int[] program, @ForAll("budgets") long[] budgets) {
        UnicornLibrary lib = Libraries.both().get(1);
        List<String> perInstruction = runs(lib, Counting.INSTRUCTION, false, program, budgets, program.length);
        for (boolean interruptHook : new boolean[] {false, true}) {
            List<String> perBlock = runs(lib, Counting.BLOCK, interruptHook, program, budgets, program.length);
            assertThat(perBlock).as(lib + (interruptHook ? " with" : " without") + " an interrupt hook, program "
                    + Arrays.toString(program)).isEqualTo(perInstruction);
        }
    }

    /**
     * A rewrite of the called function between runs (4 bytes: {@code inc rsi; ret} and {@code nop; nop; nop; ret}, the
     * same size, one and three instructions before the {@code ret}) (only while no run is inside it) drops only that range's translations: the
     * rewritten block is counted anew, every other block keeps its learned count, and both stay exact.
     */
    @Property(tries = 60, seed = "18")
    void aRewrittenFunctionIsCountedAnewWhileTheOtherBlocksKeepTheirCounts(@ForAll("programs") int[] program,
                                                                           @ForAll("budgets") long[] budgets) {
        int[] calling = Arrays.copyOf(program, program.length + 1);
        calling[program.length] = CALL;
        for (UnicornLibrary lib : Libraries.both()) {
            List<String> perInstruction = runs(lib, Counting.INSTRUCTION, false, calling, budgets, calling.length, true);
            List<String> perBlock = runs(lib, Counting.BLOCK, true, calling, budgets, calling.length, true);
            assertThat(perBlock).as(lib + ", program " + Arrays.toString(calling)).isEqualTo(perInstruction);
        }
    }

    private static List<String> runs(UnicornLibrary lib, Counting counting, boolean interruptHook, int[] program,
                                     long[] budgets, int watched) {
        return runs(lib, counting, interruptHook, program, budgets, watched, false);
    }

    /**
     * Each run as a line: retired, error, RIP, RAX–RSI, the watched arrivals, whether CPUID was seen; with
     * {@code interruptHook}, the engine has an interrupt hook (block counting then single-steps without stopping)
     * and the interrupts it saw end the list. The watched address is the start of piece {@code watched} (mostly in
     * the middle of a block), or the called function's entry when there is no such piece.
     */
    private static List<String> runs(UnicornLibrary lib, Counting counting, boolean interruptHook, int[] program,
                                     long[] budgets, int watched, boolean rewriteF) {
        List<String> out = new ArrayList<>();
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, counting)) {
            m.writeCode(TestCode.CODE, code(program));
            e.watch(TestCode.CODE + (watched < program.length ? offset(program, watched) : F), 3); // small: a full
            // buffer stops the run too
            boolean[] cpuid = {false};
            e.hooks().cpuid(() -> cpuid[0] = true);
            List<Integer> interrupts = new ArrayList<>();
            if (interruptHook) {
                e.hooks().interrupt(interrupts::add);
            }
            long pc = TestCode.CODE;
            long[] hits = new long[3];
            for (long budget : budgets) {
                cpuid[0] = false;
                RunResult r = e.run(pc, budget);
                int n = e.drainWatchHits(hits);
                pc = e.readReg(X86Reg.RIP);
                out.add(r.retired() + " " + r.error() + " rip=" + Long.toHexString(pc) + " " + e.readReg(X86Reg.RAX)
                        + "," + e.readReg(X86Reg.RBX) + "," + e.readReg(X86Reg.RCX) + "," + e.readReg(X86Reg.RDX)
                        + "," + e.readReg(X86Reg.RSI) + " hits=" + Arrays.toString(Arrays.copyOf(hits, n))
                        + " cpuid=" + cpuid[0]);
                if (!r.ok()) {
                    break;
                }
                if (rewriteF && (pc < TestCode.CODE + F || pc >= TestCode.CODE + F + 4)) { // not while inside it
                    m.writeCode(TestCode.CODE + F, out.size() % 2 == 1 ? new byte[] {(byte) 0x90, (byte) 0x90,
                        (byte) 0x90, (byte) 0xC3} : new byte[] {0x48, (byte) 0xFF, (byte) 0xC6, (byte) 0xC3});
                }
            }
            if (!interrupts.isEmpty()) {
                out.add("interrupts " + interrupts);
            }
        }
        return out;
    }

    /** Where piece {@code k} of {@code program} starts in {@link #code}. */
    private static int offset(int[] program, int k) {
        int at = 0;
        for (int i = 0; i < k; i++) {
            at += program[i] == PIECES.length ? FAULT.length : PIECES[program[i]].length;
        }
        return at;
    }

    /** The pieces in an endless loop ({@code jmp 0}); index {@code PIECES.length} is the faulting store. */
    private static byte[] code(int[] program) {
        TestCode t = new TestCode();
        for (int p : program) {
            if (p == PIECES.length) {
                t.emit(FAULT);
            } else if (p == CALL) {
                int rel = F - (t.size() + 5);
                t.emit(new byte[] {(byte) 0xE8, (byte) rel, (byte) (rel >> 8), (byte) (rel >> 16), (byte) (rel >> 24)});
            } else {
                t.emit(PIECES[p]);
            }
        }
        int back = -(t.size() + 5);
        t.emit(new byte[] {(byte) 0xE9, (byte) back, (byte) (back >> 8), (byte) (back >> 16), (byte) (back >> 24)});
        byte[] body = t.bytes();
        byte[] all = new byte[F + 4];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(new byte[] {0x48, (byte) 0xFF, (byte) 0xC6, (byte) 0xC3}, 0, all, F, 4); // inc rsi; ret
        return all;
    }
}
