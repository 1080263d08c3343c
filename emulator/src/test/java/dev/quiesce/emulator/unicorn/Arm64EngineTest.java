package dev.quiesce.emulator.unicorn;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.Arch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The x86 engine's API on aarch64 engines: the general context, snapshots, and what only x86 has. */
class Arm64EngineTest {

    static List<UnicornLibrary> libraries() {
        return Libraries.both();
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void theGeneralContextIsX0ToX30SpPcAndPstate_savedAndRestoredByOneBatch(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            assertThat(e.arch()).isEqualTo(Arch.AARCH64);
            assertThat(Counting.defaultFor(lib, Arch.AARCH64)).as("hazard A6: per instruction by default")
                    .isEqualTo(Counting.INSTRUCTION);
            assertThat(Counting.defaultFor(lib, Arch.X86_64)).as("x86-64 as before")
                    .isEqualTo(lib.atLeast(2, 1) ? Counting.BLOCK : Counting.INSTRUCTION);
            for (Counting c : Counting.values()) {
                try (UnicornEngine d = EngineDefaults.with(lib, c, () -> UnicornEngines.open(Arch.AARCH64))) {
                    assertThat(d.counting()).as("the configured scheme").isEqualTo(c);
                    assertThat(d.arch()).isEqualTo(Arch.AARCH64);
                }
            }
            assertThat(e.pcRegister()).isEqualTo(Arm64Reg.PC);
            long[] file = e.registerState().newRegisterFile();
            assertThat(file).hasSize(34);
            for (int n = 0; n <= 30; n++) {
                e.writeReg(Arm64Reg.x(n), 0x1111_0000_0000L + n);
            }
            e.writeReg(Arm64Reg.SP, 0x12000);
            e.writeReg(Arm64Reg.PC, TestCode.CODE + 8);
            e.registerState().saveRegisters(file);
            assertThat(file[Arm64Reg.contextSlot(Arm64Reg.x(30))]).isEqualTo(0x1111_0000_0000L + 30);
            assertThat(file[Arm64Reg.contextSlot(Arm64Reg.SP)]).isEqualTo(0x12000);
            assertThat(file[Arm64Reg.contextSlot(Arm64Reg.PC)]).isEqualTo(TestCode.CODE + 8);
            assertThat(file[Arm64Reg.contextSlot(Arm64Reg.PSTATE)]).as("32 bits, EL1h, DAIF masked")
                    .isEqualTo(e.readReg(Arm64Reg.PSTATE)).isBetween(0L, 0xffff_ffffL);
            long[] saved = file.clone();
            m.writeCode(TestCode.CODE, A64Code.assemble("mov x0, #5\nmov x30, #6\nmsr daifclr, #2\nb ."));
            e.run(TestCode.CODE, 3);
            assertThat(e.readReg(Arm64Reg.PSTATE) & Arm64Reg.PSTATE_I).isZero();
            e.registerState().restoreRegisters(saved);
            e.registerState().saveRegisters(file);
            assertThat(file).containsExactly(saved);
            assertThat(e.readReg(Arm64Reg.PSTATE) & Arm64Reg.PSTATE_I).as("IRQs masked again").isNotZero();
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void anEngineStatePutsBackRegistersSystemRegistersAndTheWatch(UnicornLibrary lib) {
        for (Counting counting : Counting.values()) {
            engineState(lib, counting);
        }
    }

    private static void engineState(UnicornLibrary lib, Counting counting) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib, counting)) {
            m.writeCode(TestCode.CODE, A64Code.assemble("add x0, x0, #1\nmsr tpidr_el1, x0\nb ."));
            e.watch(TestCode.CODE + 4, 4);
            e.writeReg(Arm64Reg.TPIDR_EL1, 77);
            e.writeReg(Arm64Reg.PC, TestCode.CODE);
            EngineState s = EngineState.save(e);
            e.run(TestCode.CODE, 2);
            assertThat(e.readReg(Arm64Reg.TPIDR_EL1)).isEqualTo(1);
            s.restore(e);
            assertThat(e.readReg(Arm64Reg.TPIDR_EL1)).isEqualTo(77);
            assertThat(e.readReg(Arm64Reg.x(0))).isZero();
            assertThat(e.readSystemRegister(Arm64Reg.SysReg.SCR_EL3) & Arm64EngineArch.SCR_RW).isNotZero();
            RunResult r = e.run(TestCode.CODE, 2);
            long[] hits = new long[4];
            assertThat(r.retired()).isEqualTo(2);
            assertThat(e.drainWatchHits(hits)).as("the watch came back with the counter block").isEqualTo(1);
            assertThat(hits[0]).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void aCodeHookOnTranslatedCodeFiresAndAnUnmappedLoadReachesItsHook(UnicornLibrary lib) {
        for (Counting counting : Counting.values()) {
            codeHookAndUnmappedLoad(lib, counting);
        }
    }

    private static void codeHookAndUnmappedLoad(UnicornLibrary lib, Counting counting) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib, counting)) {
            m.writeCode(TestCode.CODE, A64Code.assemble("1: add x0, x0, #1\nadd x1, x1, #1\nb 1b"));
            e.run(TestCode.CODE, 30); // translates the loop
            List<Long> hits = new java.util.ArrayList<>();
            e.hooks().code(TestCode.CODE + 4, TestCode.CODE + 4, hits::add);
            RunResult r = e.run(e.readReg(Arm64Reg.PC), 30);
            assertThat(r.retired()).isEqualTo(30);
            assertThat(hits).as("hazard 2 handled: the hook fires on code translated before it").hasSize(10);
            assertThat(e.readReg(Arm64Reg.x(0))).isEqualTo(20);
        }
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib, counting)) {
            m.writeCode(TestCode.CODE, A64Code.assemble("mov x2, #0x50000\nnop\nldr x0, [x2, #8]\nb ."));
            List<String> faults = new java.util.ArrayList<>();
            e.hooks().memUnmapped((type, address, size, value) -> {
                faults.add(Long.toHexString(address) + "/" + size);
                return false;
            });
            RunResult r = e.run(TestCode.CODE, 10);
            assertThat(r.error()).isEqualTo(UcError.READ_UNMAPPED);
            assertThat(faults).containsExactly("50008/8");
            if (counting == Counting.INSTRUCTION || lib.atLeast(2, 1)) { // hazard A8
                assertThat(r.retired()).as(counting.toString()).isEqualTo(3);
                assertThat(e.readReg(Arm64Reg.PC)).isEqualTo(TestCode.CODE + 8);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void aJavaCodeHookSeesTheCurrentInstructionCountedAndStopsAroundItUnderBothSchemes(UnicornLibrary lib) {
        for (boolean after : new boolean[] {true, false}) {
            List<String> perScheme = new java.util.ArrayList<>();
            for (Counting counting : Counting.values()) {
                try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib, counting)) {
                    m.writeCode(TestCode.CODE,
                            A64Code.assemble("1: add x0, x0, #1\nadd x1, x1, #1\nadd x2, x2, #1\nb 1b"));
                    List<Long> counts = new java.util.ArrayList<>();
                    e.hooks().code(TestCode.CODE + 4, TestCode.CODE + 4, pc -> {
                        counts.add(e.countedInRun());
                        if (counts.size() == 3) {
                            if (after) {
                                e.stopAfterCurrent();
                            } else {
                                e.stopBeforeCurrent();
                            }
                        }
                    });
                    RunResult r = e.run(TestCode.CODE, 1000);
                    perScheme.add(counts + " retired " + r.retired() + " pc " + (e.readReg(Arm64Reg.PC) - TestCode.CODE)
                            + " x1 " + e.readReg(Arm64Reg.x(1)));
                }
            }
            assertThat(perScheme.get(0)).isEqualTo(after ? "[2, 6, 10] retired 10 pc 8 x1 3"
                    : "[2, 6, 10] retired 9 pc 4 x1 2");
            assertThat(perScheme.get(1)).as("block counting as instruction counting").isEqualTo(perScheme.get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void x86OnlyPartsAreRefusedByName(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            assertThatThrownBy(() -> e.registerState().saveSse(e.registerState().newSseFile())).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("aarch64");
            assertThatThrownBy(() -> e.hooks().cpuid(() -> { })).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("x86");
        }
        try (UnicornEngine x86 = UnicornEngines.open(lib, Counting.INSTRUCTION)) {
            assertThat(x86.arch()).isEqualTo(Arch.X86_64);
            assertThatThrownBy(() -> x86.readSystemRegister(Arm64Reg.SysReg.DAIF))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("aarch64");
        }
    }
}
