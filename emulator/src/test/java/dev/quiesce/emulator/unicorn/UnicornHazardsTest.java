package dev.quiesce.emulator.unicorn;

import dev.quiesce.emulator.memory.GuestMemory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per hazard of {@code docs/toolchain-and-unicorn.md}: first that Unicorn
 * really behaves that way (so the workaround is needed), then that the binding's API is immune.
 */
class UnicornHazardsTest {

    /** {@code mov rax, imm; ret}-less: {@code mov rax, 1; jmp self-less}: we run 1 instruction. */
    private static byte[] movRax(int v) {
        return TestCode.movRaxImm(v);
    }

    @Test
    void hazard1_rawHostWriteLeavesTheOldTranslationRunning() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.write(TestCode.CODE, movRax(1));
            e.run(TestCode.CODE, 1);
            m.write(TestCode.CODE, movRax(2)); // plain data write: no invalidation
            e.run(TestCode.CODE, 1);
            assertThat(e.readReg(X86Reg.RAX)).as("Unicorn ran its stale translation").isEqualTo(1);
        }
    }

    @Test
    void hazard1_writeCodeIsSeenByEveryEngineMappingTheMemory() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine a = TestCode.engine(m); UnicornEngine b = TestCode.engine(m)) {
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

    @Test
    void hazard1_flushCacheAlsoDropsStaleTranslations() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.write(TestCode.CODE, movRax(1));
            e.run(TestCode.CODE, 1);
            m.write(TestCode.CODE, movRax(3));
            e.flushCache();
            e.run(TestCode.CODE, 1);
            assertThat(e.readReg(X86Reg.RAX)).isEqualTo(3);
        }
    }

    @Test
    void hazard2_hookOnAlreadyTranslatedCodeFires() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            byte[] loop = new TestCode().emit(TestCode.INC_RAX, TestCode.INC_RBX).jmpTo(0).bytes();
            m.writeCode(TestCode.CODE, loop);
            e.run(TestCode.CODE, 30); // translates the loop
            List<Long> hits = new ArrayList<>();
            e.hookCode(TestCode.CODE + 3, TestCode.CODE + 3, hits::add);
            e.run(e.readReg(X86Reg.RIP), 30);
            assertThat(hits).hasSize(10);
        }
    }

    @Test
    void hazard3_unicornsOwnCountIsIgnoredAfterUncountedRuns() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = UnicornEngine.openUncounted()) {
            e.mapShared(m);
            // inc rax ×20; jmp to a ret-less end: ud2 so an unbounded run ends
            byte[] code = new TestCode().times(20, TestCode.INC_RAX).emit(TestCode.UD2).bytes();
            m.writeCode(TestCode.CODE, code);
            e.emuStart(TestCode.CODE, 0, 0); // count == 0: translated without the count helper
            e.writeReg(X86Reg.RAX, 0);
            e.emuStart(TestCode.CODE, 0, 5);
            assertThat(e.readReg(X86Reg.RAX)).as("count=5 was ignored").isEqualTo(20);
        }
    }

    @Test
    void hazard3_countedRunsStopExactlyWhateverRanBefore() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            byte[] code = new TestCode().times(20, TestCode.INC_RAX).emit(TestCode.UD2).bytes();
            m.writeCode(TestCode.CODE, code);
            e.run(TestCode.CODE, Long.MAX_VALUE);
            e.writeReg(X86Reg.RAX, 0);
            RunResult r = e.run(TestCode.CODE, 5);
            assertThat(r.retired()).isEqualTo(5);
            assertThat(e.readReg(X86Reg.RAX)).isEqualTo(5);
        }
    }

    @Test
    void hazard4_aHookThatThrowsStopsTheRunAndTheExceptionSurfaces() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.writeCode(TestCode.CODE, new TestCode().emit(TestCode.INC_RAX, TestCode.INC_RBX).jmpTo(0).bytes());
            e.hookCode(TestCode.CODE + 3, TestCode.CODE + 3, addr -> {
                throw new IllegalStateException("boom in hook");
            });
            assertThatThrownBy(() -> e.run(TestCode.CODE, 1000))
                    .isInstanceOf(UpcallException.class)
                    .hasRootCauseMessage("boom in hook");
            // the engine (and the JVM) are still usable
            RunResult r = e.run(TestCode.CODE, 1);
            assertThat(r.retired()).isEqualTo(1);
        }
    }

    @Test
    void hazard5_anEngineCanBeDrivenFromDifferentThreadsInTurn() throws Exception {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m);
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
}
