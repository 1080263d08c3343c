package dev.quiesce.emulator.unicorn;

import dev.quiesce.emulator.memory.GuestMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per hazard of {@code docs/toolchain-and-unicorn.md}, run against Debian's Unicorn 2.0.x and a 2.1.x in the
 * same JVM (both must be present, {@link Libraries}): first that Unicorn really behaves that way (so the workaround
 * is needed), then that the binding's API is immune — under both counting schemes where the binding counts.
 */
class UnicornHazardsTest {

    static List<UnicornLibrary> libraries() {
        return Libraries.both();
    }

    static List<Arguments> librariesAndCounting() {
        return Libraries.withCounting();
    }

    private static byte[] movRax(int v) {
        return TestCode.movRaxImm(v);
    }

    @ParameterizedTest
    @MethodSource("librariesAndCounting")
    void hazard1_rawHostWriteLeavesTheOldTranslationRunning(UnicornLibrary lib, Counting counting) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, counting)) {
            m.write(TestCode.CODE, movRax(1));
            e.run(TestCode.CODE, 1);
            m.write(TestCode.CODE, movRax(2)); // plain data write: no invalidation
            e.run(TestCode.CODE, 1);
            assertThat(e.readReg(X86Reg.RAX)).as("Unicorn ran its stale translation").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("librariesAndCounting")
    void hazard1_writeCodeIsSeenByEveryEngineMappingTheMemory(UnicornLibrary lib, Counting counting) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine a = TestCode.engine(m, lib, counting);
             UnicornEngine b = TestCode.engine(m, lib, counting)) {
            m.writeCode(TestCode.CODE, movRax(1));
            a.run(TestCode.CODE, 1);
            b.run(TestCode.CODE, 1);
            m.writeCode(TestCode.CODE, movRax(2));
            a.run(TestCode.CODE, 1);
            b.run(TestCode.CODE, 1);
            assertThat(a.readReg(X86Reg.RAX)).isEqualTo(2);
            assertThat(b.readReg(X86Reg.RAX)).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("librariesAndCounting")
    void hazard1_flushCacheAlsoDropsStaleTranslations(UnicornLibrary lib, Counting counting) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, counting)) {
            m.write(TestCode.CODE, movRax(1));
            e.run(TestCode.CODE, 1);
            m.write(TestCode.CODE, movRax(3));
            e.flushCache();
            e.run(TestCode.CODE, 1);
            assertThat(e.readReg(X86Reg.RAX)).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("librariesAndCounting")
    void hazard2_hookOnAlreadyTranslatedCodeFires(UnicornLibrary lib, Counting counting) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, counting)) {
            byte[] loop = new TestCode().emit(TestCode.INC_RAX, TestCode.INC_RBX).jmpTo(0).bytes();
            m.writeCode(TestCode.CODE, loop);
            e.run(TestCode.CODE, 30); // translates the loop
            List<Long> hits = new ArrayList<>();
            e.hooks().code(TestCode.CODE + 3, TestCode.CODE + 3, hits::add);
            e.run(e.readReg(X86Reg.RIP), 30);
            assertThat(hits).hasSize(10);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void hazard3_unicornsOwnCountIsIgnoredAfterUncountedRuns(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = UnicornEngines.openUncounted(lib)) {
            e.mapShared(m);
            byte[] code = new TestCode().times(20, TestCode.INC_RAX).emit(TestCode.UD2).bytes();
            m.writeCode(TestCode.CODE, code);
            e.emuStart(TestCode.CODE, 0, 0); // count == 0: translated without the count helper
            e.writeReg(X86Reg.RAX, 0);
            e.emuStart(TestCode.CODE, 0, 5);
            assertThat(e.readReg(X86Reg.RAX)).as("count=5 was ignored").isEqualTo(20);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void hazard3_returningToAnUncountedRunDropsEveryTranslation(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = UnicornEngines.openUncounted(lib)) {
            e.mapShared(m);
            m.write(TestCode.CODE, new TestCode().emit(movRax(1), TestCode.UD2).bytes());
            e.emuStart(TestCode.CODE, 0, 0);
            m.write(TestCode.CODE, new TestCode().emit(movRax(2), TestCode.UD2).bytes()); // raw: no invalidation
            e.emuStart(TestCode.CODE, 0, 0);
            assertThat(e.readReg(X86Reg.RAX)).as("the stale translation ran (hazard 1)").isEqualTo(1);
            e.emuStart(TestCode.CODE, 0, 1); // a counted run ...
            m.write(TestCode.CODE, new TestCode().emit(movRax(3), TestCode.UD2).bytes());
            e.emuStart(TestCode.CODE, 0, 0); // ... and back to count 0
            assertThat(e.readReg(X86Reg.RAX)).as("the translation was dropped and made again").isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("librariesAndCounting")
    void hazard3_countedRunsStopExactlyWhateverRanBefore(UnicornLibrary lib, Counting counting) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, counting)) {
            byte[] code = new TestCode().times(20, TestCode.INC_RAX).emit(TestCode.UD2).bytes();
            m.writeCode(TestCode.CODE, code);
            e.run(TestCode.CODE, Long.MAX_VALUE);
            e.writeReg(X86Reg.RAX, 0);
            RunResult r = e.run(TestCode.CODE, 5);
            assertThat(r.retired()).isEqualTo(5);
            assertThat(e.readReg(X86Reg.RAX)).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @MethodSource("librariesAndCounting")
    void hazard4_aHookThatThrowsStopsTheRunAndTheExceptionSurfaces(UnicornLibrary lib, Counting counting) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, counting)) {
            m.writeCode(TestCode.CODE, new TestCode().emit(TestCode.INC_RAX, TestCode.INC_RBX).jmpTo(0).bytes());
            Hook boom = e.hooks().code(TestCode.CODE + 3, TestCode.CODE + 3, addr -> {
                throw new IllegalStateException("boom in hook");
            });
            assertThatThrownBy(() -> e.run(TestCode.CODE, 1000))
                    .isInstanceOf(UpcallException.class)
                    .hasRootCauseMessage("boom in hook");
            // the engine (and the JVM) are still usable, whichever hooks it has
            assertThat(e.run(TestCode.CODE, 1).retired()).isEqualTo(1);
            e.hooks().remove(boom);
            assertThat(e.run(TestCode.CODE, 1001).retired()).isEqualTo(1001);
        }
    }

    @ParameterizedTest
    @MethodSource("librariesAndCounting")
    void hazard5_anEngineCanBeDrivenFromDifferentThreadsInTurn(UnicornLibrary lib, Counting counting) throws Exception {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, counting);
             ExecutorService pool = Executors.newFixedThreadPool(3)) {
            m.writeCode(TestCode.CODE, new TestCode().emit(TestCode.INC_RAX).jmpTo(0).bytes());
            e.writeReg(X86Reg.RIP, TestCode.CODE);
            for (int i = 0; i < 30; i++) {
                Future<RunResult> f = pool.submit(() -> e.run(e.readReg(X86Reg.RIP), 100));
                assertThat(f.get().retired()).isEqualTo(100);
            }
            assertThat(e.readReg(X86Reg.RAX)).isEqualTo(1500);
        }
    }

    /** {@code 0: inc rax; jmp 5; 5: inc rbx; jmp 0}: two blocks of two instructions. */
    private static byte[] twoBlocks() {
        return new TestCode().emit(TestCode.INC_RAX, new byte[] {(byte) 0xEB, 0x00}, TestCode.INC_RBX).jmpTo(0).bytes();
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void hazard6_aBlockStoppedByItsBlockHookDoesNotRun_andUnicorn20LeavesRipBehindWhenACodeHookExists(
            UnicornLibrary lib) {
        for (boolean codeHook : new boolean[] {false, true}) {
            try (GuestMemory m = TestCode.memory(); UnicornEngine e = UnicornEngines.openUncounted(lib)) {
                e.mapShared(m);
                m.writeCode(TestCode.CODE, twoBlocks());
                boolean[] stopped = {false};
                e.hooks().block(address -> {
                    if (address == TestCode.CODE + 5 && !stopped[0] && e.readReg(X86Reg.RBX) == 10) {
                        stopped[0] = true;
                        e.stop();
                    }
                });
                if (codeHook) {
                    e.hooks().code(TestCode.DATA, TestCode.DATA, address -> { }); // never hit: only its existence matters
                }
                e.emuStart(TestCode.CODE, 0, 0);
                assertThat(e.readReg(X86Reg.RBX)).as("the stopped block did not run").isEqualTo(10);
                assertThat(e.readReg(X86Reg.RAX)).isEqualTo(11);
                if (codeHook && !lib.atLeast(2, 1)) {
                    assertThat(e.readReg(X86Reg.RIP)).as("2.0: RIP not rewound to the stopped block")
                            .isNotEqualTo(TestCode.CODE + 5);
                } else {
                    assertThat(e.readReg(X86Reg.RIP)).as("RIP rewound to the stopped block").isEqualTo(TestCode.CODE + 5);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void hazard6_blockCountingRestartsAtTheStoppedBlockWhateverHooksExist(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, Counting.BLOCK)) {
            m.writeCode(TestCode.CODE, twoBlocks());
            e.hooks().code(TestCode.DATA, TestCode.DATA, address -> { });
            long pc = TestCode.CODE;
            for (int i = 0; i < 10; i++) {
                RunResult r = e.run(pc, 4); // ends before a block, at its start
                assertThat(r.retired()).isEqualTo(4);
                pc = e.readReg(X86Reg.RIP);
                assertThat(pc).isEqualTo(TestCode.CODE);
            }
            assertThat(e.readReg(X86Reg.RAX)).as("one lap (4 instructions) per run").isEqualTo(10);
            assertThat(e.readReg(X86Reg.RBX)).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void hazard7_requestCacheGivesABlocksInstructionCountWithoutRunningIt(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = UnicornEngines.openUncounted(lib)) {
            e.mapShared(m);
            m.writeCode(TestCode.CODE, new TestCode().times(20, TestCode.INC_RAX).emit(TestCode.UD2).bytes());
            assertThat(e.translatedBlock(TestCode.CODE)).containsExactly(21, 62);
            assertThat(e.readReg(X86Reg.RAX)).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void hazard7_theTrapFlagTranslatesOneInstructionPerBlockAndRaisesDebugAfterEach(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = UnicornEngines.openUncounted(lib)) {
            e.mapShared(m);
            m.writeCode(TestCode.CODE, new TestCode().times(3, TestCode.INC_RAX).emit(TestCode.INC_RBX, TestCode.UD2)
                    .bytes());
            List<Integer> sizes = new ArrayList<>();
            List<Integer> interrupts = new ArrayList<>();
            e.hooks().block(new Hooks.Code() {
                @Override
                public void onCode(long address) {
                }

                @Override
                public void onCode(long address, int size) {
                    sizes.add(size);
                }
            });
            Hook intr = e.hooks().interrupt(interrupts::add);
            e.writeReg(X86Reg.RFLAGS, e.readReg(X86Reg.RFLAGS) | 0x100);
            int rc = e.emuStart(TestCode.CODE, 0, 0);
            assertThat(UcError.of(rc)).isEqualTo(UcError.INSN_INVALID);
            assertThat(sizes).containsExactly(3, 3, 3, 3, 2);
            assertThat(interrupts).as("#DB (vector 1) after each instruction").containsExactly(1, 1, 1, 1);
            assertThat(e.translatedBlock(TestCode.CODE)).as("with TF set: one instruction").containsExactly(1, 3);
            e.writeReg(X86Reg.RFLAGS, e.readReg(X86Reg.RFLAGS) & ~0x100L);
            assertThat(e.translatedBlock(TestCode.CODE)).as("TF clear: the whole block").containsExactly(5, 14);
            // without any interrupt hook the #DB ends the run
            e.hooks().remove(intr);
            e.writeReg(X86Reg.RFLAGS, e.readReg(X86Reg.RFLAGS) | 0x100);
            assertThat(UcError.of(e.emuStart(TestCode.CODE, 0, 0))).isEqualTo(UcError.EXCEPTION);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void hazard8_unicorn20LeavesRipAtTheBlocksStartAfterADataFault_unlessACodeHookExists(UnicornLibrary lib) {
        byte[] faultingStore = {0x48, (byte) 0x89, 0x04, 0x25, 0x00, 0x00, 0x05, 0x00}; // mov [0x50000], rax
        byte[] code = new TestCode().emit(TestCode.INC_RAX, TestCode.INC_RAX, faultingStore, TestCode.INC_RBX).bytes();
        for (boolean codeHook : new boolean[] {false, true}) {
            try (GuestMemory m = TestCode.memory(); UnicornEngine e = UnicornEngines.openUncounted(lib)) {
                e.mapShared(m);
                m.writeCode(TestCode.CODE, code);
                if (codeHook) {
                    e.hooks().code(TestCode.CODE, TestCode.CODE + 0x100, address -> { });
                }
                assertThat(UcError.of(e.emuStart(TestCode.CODE, 0, 0))).isEqualTo(UcError.WRITE_UNMAPPED);
                assertThat(e.readReg(X86Reg.RAX)).as("the instructions before the fault ran").isEqualTo(2);
                long expected = !codeHook && !lib.atLeast(2, 1) ? TestCode.CODE : TestCode.CODE + 6;
                assertThat(e.readReg(X86Reg.RIP)).as("RIP after the fault").isEqualTo(expected);
            }
        }
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, Counting.INSTRUCTION)) {
            m.writeCode(TestCode.CODE, code);
            RunResult r = e.run(TestCode.CODE, 100);
            assertThat(r.retired()).as("per instruction: the faulting store counts").isEqualTo(3);
            assertThat(e.readReg(X86Reg.RIP)).isEqualTo(TestCode.CODE + 6);
        }
    }
}
