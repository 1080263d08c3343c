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
 * Counting on aarch64 engines is exact: a loop compiled by {@code aarch64-linux-gnu-gcc} (calls, branches both ways,
 * loads and stores) runs under random sequences of budgets with the watched address on a random instruction (its hit
 * buffer of random capacity), and after every run the retired count, PC, the general context and the recorded
 * arrivals equal the ground truth — the same code single-stepped by Unicorn's own {@code count = 1} on an uncounted
 * engine, itself checked against a code hook's trace — on Unicorn 2.0.x and 2.1.x.
 */
class Arm64CountingIsExactTest {

    private static final String LOOP = """
            static unsigned long mix(unsigned long x);

            void start(void) {
                volatile unsigned long *data = (volatile unsigned long *) 0x11800;
                unsigned long acc = 1;
                for (unsigned long i = 0;; i++) {
                    acc += mix(i);
                    if (acc & 1) {
                        data[i & 15] = acc;
                    } else {
                        acc ^= data[(i + 3) & 15];
                    }
                    if ((i & 7) == 0) {
                        acc = mix(acc);
                    }
                }
            }

            static __attribute__((noinline)) unsigned long mix(unsigned long x) {
                unsigned long y = x * 7 + 3;
                for (int k = 0; k < (int) (x & 3); k++) {
                    y ^= y >> 3;
                }
                return y;
            }
            """;

    @Provide
    Arbitrary<long[]> budgets() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 40), Arbitraries.longs().between(1, 3000))
                .array(long[].class).ofMinSize(1).ofMaxSize(15);
    }

    @Property(tries = 100, seed = "19")
    void countsPcRegistersAndWatchedArrivalsMatchSingleStepping(@ForAll("budgets") long[] budgets,
                                                                @ForAll @IntRange(min = 0, max = 400) int watchPick,
                                                                @ForAll @IntRange(min = 1, max = 400) int capacity) {
        byte[] code = A64Code.compile(LOOP);
        long watched = TestCode.CODE + 4L * (watchPick % (code.length / 4));
        for (UnicornLibrary lib : Libraries.both()) {
            for (Counting counting : Counting.values()) {
                runAgainstTruth(lib, counting, code, budgets, watched, capacity);
            }
        }
    }

    private static void runAgainstTruth(UnicornLibrary lib, Counting counting, byte[] code, long[] budgets,
                                        long watched, int capacity) {
        try (GuestMemory cm = TestCode.memory(); GuestMemory gm = TestCode.memory();
             UnicornEngine counted = A64Code.engine(cm, lib, counting);
             UnicornEngine truth = A64Code.uncounted(gm, lib)) {
            cm.writeCode(TestCode.CODE, code);
            gm.writeCode(TestCode.CODE, code);
            counted.watch(watched, capacity); // a full buffer stops the run too
            truth.writeReg(Arm64Reg.PC, TestCode.CODE);
            long[] hits = new long[capacity];
            long[] a = counted.registerState().newRegisterFile();
            long[] b = truth.registerState().newRegisterFile();
            long pc = TestCode.CODE;
            for (long budget : budgets) {
                RunResult r = counted.run(pc, budget);
                int n = counted.drainWatchHits(hits);
                List<Long> expectedHits = new ArrayList<>();
                long expected = stepLikeTheCountingHook(truth, budget, watched, capacity, expectedHits);
                String where = lib + " " + counting + " budgets " + Arrays.toString(budgets) + " watched 0x"
                        + Long.toHexString(watched) + " capacity " + capacity;
                assertThat(r.ok()).as(where).isTrue();
                assertThat(r.retired()).as(where).isEqualTo(expected);
                assertThat(Arrays.stream(hits, 0, n).boxed().toList()).as(where).isEqualTo(expectedHits);
                counted.registerState().saveRegisters(a);
                truth.registerState().saveRegisters(b);
                assertThat(a).as(where + ": X0-X30, SP, PC, PSTATE").containsExactly(b);
                pc = counted.readReg(Arm64Reg.PC);
            }
            assertThat(counted.blocksLearned() > 0).as("block counting learned blocks")
                    .isEqualTo(counting == Counting.BLOCK);
        }
    }

    /**
     * Single-steps {@code truth} as the counting hook counts a run of {@code budget}: it stops when the budget is
     * spent, or before the watched address once {@code capacity} arrivals are recorded; each arrival records the
     * count before it. Returns the instructions executed.
     */
    private static long stepLikeTheCountingHook(UnicornEngine truth, long budget, long watched, int capacity,
                                                List<Long> hits) {
        long n = 0;
        while (n < budget) {
            long pc = truth.readReg(Arm64Reg.PC);
            if (pc == watched) {
                if (hits.size() == capacity) {
                    break;
                }
                hits.add(n);
            }
            assertThat(UcError.of(truth.emuStart(pc, 0, 1))).isEqualTo(UcError.OK);
            n++;
        }
        return n;
    }

    @Property(tries = 1)
    void singleSteppingWithCountOneFollowsACodeHooksTrace() {
        byte[] code = A64Code.compile(LOOP);
        for (UnicornLibrary lib : Libraries.both()) {
            List<Long> traced = new ArrayList<>();
            try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.uncounted(m, lib)) {
                m.writeCode(TestCode.CODE, code);
                e.hooks().code(TestCode.CODE, TestCode.CODE + 0xfff, address -> {
                    traced.add(address);
                    if (traced.size() == 3000) {
                        e.stop();
                    }
                });
                e.emuStart(TestCode.CODE, 0, 0);
            }
            List<Long> stepped = new ArrayList<>();
            try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.uncounted(m, lib)) {
                m.writeCode(TestCode.CODE, code);
                long pc = TestCode.CODE;
                for (int i = 0; i < 3000; i++) {
                    stepped.add(pc);
                    e.emuStart(pc, 0, 1);
                    pc = e.readReg(Arm64Reg.PC);
                }
            }
            assertThat(stepped).as(lib.toString()).isEqualTo(traced);
            assertThat(traced.stream().distinct().count()).as("the loop visits many instructions").isGreaterThan(20);
        }
    }
}
