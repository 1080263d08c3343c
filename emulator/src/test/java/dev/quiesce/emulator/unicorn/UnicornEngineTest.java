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

class UnicornEngineTest {

    /** An endless loop: {@code inc rax; jmp back}. Each iteration is 2 instructions. */
    private static byte[] incLoop() {
        return new TestCode().emit(TestCode.INC_RAX).jmpTo(0).bytes();
    }

    @Test
    void run_retiresExactlyItsBudget() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.writeCode(TestCode.CODE, incLoop());
            RunResult r = e.run(TestCode.CODE, 1000);
            assertThat(r.ok()).isTrue();
            assertThat(r.retired()).isEqualTo(1000);
            assertThat(e.readReg(X86Reg.RAX)).isEqualTo(500);
            assertThat(e.readReg(X86Reg.RIP)).isEqualTo(TestCode.CODE);
        }
    }

    @Test
    void run_inOddSlicesReachesTheSameStateAsOneRun() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.writeCode(TestCode.CODE, incLoop());
            long total = 0;
            long pc = TestCode.CODE;
            for (int slice : new int[] {1, 7, 3, 1, 13, 975}) {
                RunResult r = e.run(pc, slice);
                assertThat(r.retired()).isEqualTo(slice);
                total += r.retired();
                pc = e.readReg(X86Reg.RIP);
            }
            assertThat(total).isEqualTo(1000);
            assertThat(e.readReg(X86Reg.RAX)).isEqualTo(500);
        }
    }

    @Test
    void codeHook_stopBeforeCurrent_leavesThatInstructionUnexecutedAndUncounted() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            // 0: inc rax ×3 (9 bytes), 9: inc rbx, 12: jmp 0
            byte[] code = new TestCode().times(3, TestCode.INC_RAX).emit(TestCode.INC_RBX).jmpTo(0).bytes();
            m.writeCode(TestCode.CODE, code);
            List<Long> counts = new ArrayList<>();
            e.hooks().code(TestCode.CODE + 9, TestCode.CODE + 9, addr -> {
                counts.add(e.countedInRun());
                e.stopBeforeCurrent();
            });
            RunResult r = e.run(TestCode.CODE, 100);
            assertThat(r.retired()).isEqualTo(3);
            assertThat(counts).containsExactly(4L);
            assertThat(e.readReg(X86Reg.RIP)).isEqualTo(TestCode.CODE + 9);
            assertThat(e.readReg(X86Reg.RBX)).isZero();
        }
    }

    @Test
    void watch_recordsEveryArrivalWithTheInstructionsExecutedBeforeIt() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            // 0: inc rax ×3, 9: inc rbx, 12: jmp 0 — 5 instructions per lap, rbx's inc is the 4th
            m.writeCode(TestCode.CODE, new TestCode().times(3, TestCode.INC_RAX).emit(TestCode.INC_RBX).jmpTo(0).bytes());
            e.watch(TestCode.CODE + 9, 100);
            RunResult r = e.run(TestCode.CODE, 23);
            long[] hits = new long[100];
            int n = e.drainWatchHits(hits);
            assertThat(r.retired()).isEqualTo(23);
            assertThat(java.util.Arrays.copyOf(hits, n)).containsExactly(3, 8, 13, 18);
            assertThat(e.drainWatchHits(hits)).isZero();
        }
    }

    @Test
    void watch_stopsAtTheAddressWhenItsBufferIsFullAndResumesThere() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.writeCode(TestCode.CODE, new TestCode().times(3, TestCode.INC_RAX).emit(TestCode.INC_RBX).jmpTo(0).bytes());
            e.watch(TestCode.CODE + 9, 2);
            RunResult r = e.run(TestCode.CODE, 1000);
            assertThat(r.retired()).isEqualTo(13);
            assertThat(e.readReg(X86Reg.RIP)).isEqualTo(TestCode.CODE + 9);
            assertThat(e.readReg(X86Reg.RBX)).isEqualTo(2);
            long[] hits = new long[2];
            assertThat(e.drainWatchHits(hits)).isEqualTo(2);
            RunResult again = e.run(TestCode.CODE + 9, 3);
            assertThat(again.retired()).isEqualTo(3);
            assertThat(e.drainWatchHits(hits)).isEqualTo(1);
            assertThat(hits[0]).isZero();
        }
    }

    @Test
    void stopAtWatch_stopsBeforeTheWatchedInstruction() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.writeCode(TestCode.CODE, new TestCode().times(3, TestCode.INC_RAX).emit(TestCode.INC_RBX).jmpTo(0).bytes());
            e.watch(TestCode.CODE + 9, 8);
            e.stopAtWatch(true);
            RunResult r = e.run(TestCode.CODE, 1000);
            assertThat(r.retired()).isEqualTo(3);
            assertThat(e.readReg(X86Reg.RIP)).isEqualTo(TestCode.CODE + 9);
            assertThat(e.readReg(X86Reg.RBX)).isZero();
            assertThat(e.drainWatchHits(new long[8])).isZero();
        }
    }

    @Test
    void cliAndSti_toggleTheInterruptFlag() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.writeCode(TestCode.CODE, new TestCode().emit(TestCode.STI, TestCode.CLI, TestCode.NOP).bytes());
            e.run(TestCode.CODE, 1);
            assertThat(e.readReg(X86Reg.RFLAGS) & X86Reg.RFLAGS_IF).isNotZero();
            e.run(e.readReg(X86Reg.RIP), 1);
            assertThat(e.readReg(X86Reg.RFLAGS) & X86Reg.RFLAGS_IF).isZero();
        }
    }

    @Test
    void fetchFromUnmappedMemory_endsTheRunWithThePcAtTheTarget() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            long sp = TestCode.STACK_TOP - 64;
            m.writeU64(sp, 0xdead_0000L);
            e.writeReg(X86Reg.RSP, sp);
            m.writeCode(TestCode.CODE, TestCode.RET);
            RunResult r = e.run(TestCode.CODE, 100);
            assertThat(r.error()).isEqualTo(UcError.FETCH_UNMAPPED);
            assertThat(r.retired()).isEqualTo(1);
            assertThat(e.readReg(X86Reg.RIP)).isEqualTo(0xdead_0000L);
        }
    }

    @Test
    void ud2_isAnInvalidInstructionAtItsAddress() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.writeCode(TestCode.CODE, new TestCode().emit(TestCode.NOP, TestCode.UD2).bytes());
            List<Boolean> seen = new ArrayList<>();
            e.hooks().invalidInstruction(() -> {
                seen.add(true);
                return false;
            });
            RunResult r = e.run(TestCode.CODE, 100);
            assertThat(r.error()).isEqualTo(UcError.INSN_INVALID);
            assertThat(e.readReg(X86Reg.RIP)).isEqualTo(TestCode.CODE + 1);
            assertThat(seen).isNotEmpty();
        }
    }

    @Test
    void int3_reachesTheInterruptHook() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.writeCode(TestCode.CODE, new TestCode().emit(TestCode.NOP, TestCode.INT3, TestCode.NOP).bytes());
            List<Integer> numbers = new ArrayList<>();
            e.hooks().interrupt(n -> {
                numbers.add(n);
                e.stop();
            });
            e.run(TestCode.CODE, 100);
            assertThat(numbers).containsExactly(3);
        }
    }

    @Test
    void memUnmappedHook_seesTheFaultingAddress() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            m.writeCode(TestCode.CODE, TestCode.storeRaxAbs(0x700000));
            List<Long> addresses = new ArrayList<>();
            e.hooks().memUnmapped((type, address, size, value) -> {
                addresses.add(address);
                return false;
            });
            RunResult r = e.run(TestCode.CODE, 100);
            assertThat(r.error()).isEqualTo(UcError.WRITE_UNMAPPED);
            assertThat(addresses).containsExactly(0x700000L);
        }
    }

    @Test
    void context_saveAndRestore_roundTripsRegisters() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m)) {
            UnicornContext ctx = e.registerState().newContext();
            e.writeReg(X86Reg.RAX, 42);
            e.writeReg(X86Reg.RIP, TestCode.CODE + 5);
            e.registerState().saveContext(ctx);
            e.writeReg(X86Reg.RAX, 7);
            e.writeReg(X86Reg.RIP, TestCode.CODE);
            e.registerState().restoreContext(ctx);
            assertThat(e.readReg(X86Reg.RAX)).isEqualTo(42);
            assertThat(e.readReg(X86Reg.RIP)).isEqualTo(TestCode.CODE + 5);
        }
    }

    @Test
    void sharedMemory_dataStoredByOneEngineIsSeenByAnother() {
        try (GuestMemory m = TestCode.memory(); UnicornEngine a = TestCode.engine(m); UnicornEngine b = TestCode.engine(m)) {
            m.writeCode(TestCode.CODE, new TestCode().emit(TestCode.movRaxImm(1234),
                    TestCode.storeRaxAbs((int) TestCode.DATA)).bytes());
            RunResult ra = a.run(TestCode.CODE, 2);
            assertThat(ra).isEqualTo(new RunResult(2, UcError.OK));
            assertThat(m.readU64(TestCode.DATA)).isEqualTo(1234);
            // b reads it back: mov rax, [abs32]
            m.writeCode(TestCode.CODE + 0x100, new byte[] {0x48, (byte) 0x8B, 0x04, 0x25,
                (byte) TestCode.DATA, (byte) (TestCode.DATA >> 8), (byte) (TestCode.DATA >> 16), 0});
            b.run(TestCode.CODE + 0x100, 1);
            assertThat(b.readReg(X86Reg.RAX)).isEqualTo(1234);
        }
    }

    @Test
    void guestStoreIntoReadOnlyExecutableRegion_faultsWithWriteProt() {
        GuestMemory m = GuestMemory.allocate(TestCode.CODE, 0x2000);
        m.defineRegion(new dev.quiesce.emulator.memory.Region("text", TestCode.CODE, 0x1000,
                dev.quiesce.emulator.memory.Protection.RX));
        m.defineRegion(new dev.quiesce.emulator.memory.Region("stack", TestCode.CODE + 0x1000, 0x1000,
                dev.quiesce.emulator.memory.Protection.RW));
        try (m; UnicornEngine e = UnicornEngines.open()) {
            e.mapShared(m);
            m.writeCode(TestCode.CODE, TestCode.storeRaxAbs((int) TestCode.CODE + 0x10));
            RunResult r = e.run(TestCode.CODE, 10);
            assertThat(r.error()).isEqualTo(UcError.WRITE_PROT);
        }
    }

    @Test
    void missingLibrary_messageSaysHowToInstallAndWhereToPoint() {
        assertThatThrownBy(() -> UnicornLibrary.load("/nonexistent/libunicorn.so.2"))
                .isInstanceOf(UnicornUnavailableException.class)
                .hasMessageContaining("/nonexistent/libunicorn.so.2 (no such file)")
                .hasMessageContaining("apt-get install -y libunicorn2")
                .hasMessageContaining("-Dquiesce.unicorn.library=")
                .hasMessageContaining("QUIESCE_UNICORN_LIBRARY=");
    }
}
