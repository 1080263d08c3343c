package dev.quiesce.emulator.unicorn;

import dev.quiesce.emulator.memory.GuestMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per AArch64 hazard of {@code docs/toolchain-and-unicorn.md} ("AArch64 under Unicorn", A1–A9), run against
 * Debian's Unicorn 2.0.x and a 2.1.x in the same JVM ({@link Libraries}): what Unicorn's arm64 engine does, and that
 * the binding's aarch64 engines are immune where the binding can be. Test code is assembled by GNU as for aarch64
 * ({@link A64Code}).
 */
class Arm64HazardsTest {

    private static final long CODE = TestCode.CODE;

    static List<UnicornLibrary> libraries() {
        return Libraries.both();
    }

    private static void load(GuestMemory m, String asm) {
        m.writeCode(CODE, A64Code.assemble(asm));
    }

    /** Runs {@code asm} to its end: the code is followed by {@code udf #0}, which the run stops at. */
    private static RunResult runToUdf(UnicornEngine e, GuestMemory m, String asm) {
        byte[] code = A64Code.assemble(asm);
        m.writeCode(CODE, code);
        e.stopAt(CODE + code.length);
        try {
            return e.run(CODE, 1000);
        } finally {
            e.stopAt(-1);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a1_theRegisterIdsNameTheSameRegistersInBothVersions(UnicornLibrary lib) {
        StringBuilder asm = new StringBuilder();
        for (int n = 0; n <= 30; n++) {
            asm.append("mov x").append(n).append(", #").append(1000 + n).append('\n');
        }
        asm.append("""
                mov x4, #0x800
                msr tpidr_el0, x1
                msr tpidr_el1, x2
                msr elr_el1, x3
                msr vbar_el1, x4
                msr esr_el1, x5
                msr spsr_el1, x6
                mov sp, x8
                cmp x0, x0
                """);
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            RunResult r = runToUdf(e, m, asm.toString());
            assertThat(r.ok()).isTrue();
            for (int n = 0; n <= 30; n++) {
                assertThat(e.readReg(Arm64Reg.x(n))).as("X" + n).isEqualTo(n == 4 ? 0x800 : 1000 + n);
            }
            assertThat(e.readReg(Arm64Reg.TPIDR_EL0)).isEqualTo(1001);
            assertThat(e.readReg(Arm64Reg.TPIDR_EL1)).isEqualTo(1002);
            assertThat(e.readReg(Arm64Reg.ELR_EL1)).isEqualTo(1003);
            assertThat(e.readReg(Arm64Reg.VBAR_EL1)).as("2 KiB aligned").isEqualTo(0x800);
            assertThat(e.readReg(Arm64Reg.ESR_EL1)).isEqualTo(1005);
            assertThat(e.readSystemRegister(Arm64Reg.SysReg.SPSR_EL1)).isEqualTo(1006);
            assertThat(e.readReg(Arm64Reg.SP)).isEqualTo(1008);
            assertThat(e.readReg(Arm64Reg.NZCV)).as("cmp x0, x0: Z and C").isEqualTo(0x6000_0000L);
            assertThat(e.readReg(Arm64Reg.PC)).isEqualTo(CODE + 4L * 40);
            assertThat(r.retired()).isEqualTo(40);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a2_anEl2RegisterIsUndefinedAtEl1_butTheHostReachesItThroughCpReg(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            List<Integer> interrupts = new ArrayList<>();
            e.hooks().interrupt(n -> {
                interrupts.add(n);
                e.stop();
            });
            load(m, "mov x7, #7\nmsr tpidr_el2, x7\nb .");
            e.run(CODE, 10);
            assertThat(interrupts).as("EXCP_UDEF").containsExactly(1);
            assertThat(e.readReg(Arm64Reg.PC)).isEqualTo(CODE + 4);
            e.writeSystemRegister(Arm64Reg.SysReg.TPIDR_EL2, 0x1234);
            assertThat(e.readSystemRegister(Arm64Reg.SysReg.TPIDR_EL2)).isEqualTo(0x1234);
            load(m, "mrs x0, tpidr_el1\nb .");
            e.writeReg(Arm64Reg.TPIDR_EL1, 0x5678);
            e.run(CODE, 1);
            assertThat(e.readReg(Arm64Reg.x(0))).as("TPIDR_EL1 is the EL1 per-CPU register").isEqualTo(0x5678);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a2_theCpuStartsAtEl1hWithEveryExceptionMasked(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            assertThat(e.readReg(Arm64Reg.PSTATE) & 0x3ff).as("DAIF set, EL1h").isEqualTo(0x3c5);
            assertThat(e.readSystemRegister(Arm64Reg.SysReg.DAIF)).isEqualTo(0x3c0);
            runToUdf(e, m, "mrs x0, CurrentEL\nmrs x1, daif\nmsr daifclr, #2\nmrs x2, daif\nmsr daifset, #2\n"
                    + "mrs x3, daif");
            assertThat(e.readReg(Arm64Reg.x(0))).as("CurrentEL: EL1").isEqualTo(1 << 2);
            assertThat(e.readReg(Arm64Reg.x(1))).isEqualTo(0x3c0);
            assertThat(e.readReg(Arm64Reg.x(2))).as("DAIFClr #2 unmasks IRQs").isEqualTo(0x340);
            assertThat(e.readReg(Arm64Reg.x(3))).isEqualTo(0x3c0);
            e.writeSystemRegister(Arm64Reg.SysReg.DAIF, 0);
            assertThat(e.readReg(Arm64Reg.PSTATE) & Arm64Reg.PSTATE_DAIF).as("DAIF through CP_REG").isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a3_barriersCacheMaintenanceAndHintsExecuteAtEl1WithoutAnyHook(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            List<Integer> interrupts = new ArrayList<>();
            e.hooks().interrupt(interrupts::add);
            boolean[] invalid = {false};
            e.hooks().invalidInstruction(() -> invalid[0] = true);
            RunResult r = runToUdf(e, m, """
                    mov x3, #0x10000
                    isb
                    dsb ish
                    dsb sy
                    dmb ish
                    dc cvau, x3
                    ic ivau, x3
                    ic iallu
                    yield
                    wfe
                    sev
                    nop
                    mov x0, #7
                    """);
            assertThat(r.ok()).isTrue();
            assertThat(r.retired()).isEqualTo(13);
            assertThat(e.readReg(Arm64Reg.x(0))).isEqualTo(7);
            assertThat(interrupts).isEmpty();
            assertThat(invalid[0]).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a3_wfiEndsTheRunWithoutAnErrorAfterTheWfi(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            load(m, "mov x1, #1\nwfi\nmov x0, #7\nb .");
            RunResult r = e.run(CODE, 1000);
            assertThat(r.ok()).isTrue();
            assertThat(r.retired()).as("well short of the budget").isEqualTo(2);
            assertThat(e.readReg(Arm64Reg.PC)).isEqualTo(CODE + 8);
            assertThat(e.readReg(Arm64Reg.x(0))).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a4_exceptionGeneratingInstructionsReachTheInterruptHookUntaken(UnicornLibrary lib) {
        record Case(String insn, int intno, long pcOffset) { }
        List<Case> cases = List.of(
                new Case("brk #0x3e8", 7, 4),   // EXCP_BKPT, at the BRK (its preferred return address)
                new Case("svc #7", 2, 8),       // EXCP_SWI, after the SVC
                new Case("hvc #9", 1, 4),       // EXCP_UDEF: HVC is undefined at EL1 while SCR_EL3.HCE is clear
                new Case("smc #1", 13, 8),      // EXCP_SMC, after it
                new Case("udf #0", 1, 4));      // EXCP_UDEF, at it: never UC_HOOK_INSN_INVALID
        for (Case c : cases) {
            try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
                load(m, "mov x3, #1\n" + c.insn() + "\nmov x0, #7\nb .");
                List<String> seen = new ArrayList<>();
                e.hooks().interrupt(n -> {
                    seen.add(n + "@" + Long.toHexString(e.readReg(Arm64Reg.PC) - CODE));
                    e.stop();
                });
                boolean[] invalid = {false};
                e.hooks().invalidInstruction(() -> invalid[0] = true);
                RunResult r = e.run(CODE, 100);
                assertThat(r.ok()).as(c.insn()).isTrue();
                assertThat(seen).as(c.insn()).containsExactly(c.intno() + "@" + Long.toHexString(c.pcOffset()));
                assertThat(invalid[0]).as(c.insn()).isFalse();
                assertThat(e.readReg(Arm64Reg.ESR_EL1)).as(c.insn() + ": the exception was not taken").isZero();
                assertThat(e.readReg(Arm64Reg.PSTATE) & 0xf).as(c.insn() + ": still EL1h").isEqualTo(5);
            }
            try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
                load(m, "mov x3, #1\n" + c.insn() + "\nmov x0, #7\nb .");
                RunResult r = e.run(CODE, 100);
                assertThat(r.error()).as(c.insn() + " without a hook").isEqualTo(UcError.EXCEPTION);
                assertThat(r.retired()).as(c.insn() + " counts").isEqualTo(2);
                assertThat(e.readReg(Arm64Reg.PC)).as(c.insn() + " without a hook").isEqualTo(CODE + c.pcOffset());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a4_aBrkHookThatReturnsRunsTheBrkAgain(UnicornLibrary lib) {
        for (Counting counting : Counting.values()) {
            try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib, counting)) {
                load(m, "brk #1\nmov x0, #7\nb .");
                int[] hits = {0};
                e.hooks().interrupt(n -> hits[0]++);
                RunResult r = e.run(CODE, 10);
                assertThat(hits[0]).as(counting + ": the BRK re-executes each time the hook returns").isEqualTo(10);
                assertThat(r.retired()).isEqualTo(10);
                assertThat(e.readReg(Arm64Reg.x(0))).isZero();
                e.writeReg(Arm64Reg.PC, CODE + 4); // what a handler does: go on after the BRK
                assertThat(e.run(CODE + 4, 5).retired()).isEqualTo(5);
                assertThat(e.readReg(Arm64Reg.x(0))).isEqualTo(7);
            }
        }
    }

    private static final String ERET_TO_NEXT = """
            mov x6, #0x3c5
            msr spsr_el1, x6
            adr x7, 1f
            msr elr_el1, x7
            eret
            1: mov x0, #7
            """;

    @ParameterizedTest
    @MethodSource("libraries")
    void a5_eretToAarch64El1IsIllegalUntilScrEl3RwIsSet_andTheBindingSetsIt(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            long scr = e.readSystemRegister(Arm64Reg.SysReg.SCR_EL3);
            assertThat(scr & Arm64EngineArch.SCR_RW).as("the binding set SCR_EL3.RW").isNotZero();
            runToUdf(e, m, ERET_TO_NEXT);
            assertThat(e.readReg(Arm64Reg.x(0))).isEqualTo(7);
            assertThat(e.readReg(Arm64Reg.PSTATE) & 0x1003ff).as("EL1h, DAIF masked, no PSTATE.IL").isEqualTo(0x3c5);
            e.writeSystemRegister(Arm64Reg.SysReg.SCR_EL3, scr & ~Arm64EngineArch.SCR_RW); // as Unicorn opens it
            e.writeReg(Arm64Reg.x(0), 0);
            runToUdf(e, m, ERET_TO_NEXT);
            assertThat(e.readReg(Arm64Reg.x(0))).as("the return still went to ELR_EL1").isEqualTo(7);
            assertThat(e.readReg(Arm64Reg.PSTATE) & (1L << 20)).as("PSTATE.IL: an illegal exception return")
                    .isNotZero();
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a6_softwareStepGivesOneInstructionBlocksButRaisesTheUndefinedInstructionsException(UnicornLibrary lib) {
        // so block counting steps its tail with a code hook (CodeHookStep), exact: Arm64CountingIsExactTest
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.uncounted(m, lib)) {
            byte[] code = A64Code.assemble("""
                    mov x5, #0x2001
                    msr mdscr_el1, x5
                    isb
                    mov x6, #0x1c5
                    orr x6, x6, #0x200000
                    msr spsr_el1, x6
                    adr x7, 1f
                    msr elr_el1, x7
                    eret
                    1: mov x1, #1
                    mov x1, #2
                    mov x0, #7
                    b .
                    """);
            m.writeCode(CODE, code);
            List<String> blocks = new ArrayList<>();
            e.hooks().block(new Hooks.Code() {
                @Override
                public void onCode(long address) {
                }

                @Override
                public void onCode(long address, int size) {
                    blocks.add(Long.toHexString(address - CODE) + ":" + size);
                }
            });
            List<String> interrupts = new ArrayList<>();
            e.hooks().interrupt(n -> {
                interrupts.add(n + "@" + Long.toHexString(e.readReg(Arm64Reg.PC) - CODE));
                if (interrupts.size() == 3) {
                    e.stop();
                }
            });
            e.emuStart(CODE, 0, 0);
            assertThat(blocks).as("the ERET's block, one instruction, then empty blocks (step pending)")
                    .containsSequence("20:4", "24:4", "28:0", "28:0");
            assertThat(interrupts).as("the step exception is EXCP_UDEF, as udf's; never taken").containsExactly(
                    "1@28", "1@28", "1@28");
            assertThat(e.readReg(Arm64Reg.x(1))).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a7_aCodeWriteDropsTheStaleBlockOnlyThroughRemoveCache(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            byte[] one = A64Code.assemble("mov x0, #1\nb .");
            byte[] two = A64Code.assemble("mov x0, #2\nb .");
            m.writeCode(CODE, one);
            e.run(CODE, 1);
            m.write(CODE, two); // raw: no invalidation
            e.run(CODE, 1);
            assertThat(e.readReg(Arm64Reg.x(0))).as("the stale translation ran").isEqualTo(1);
            m.writeCode(CODE, two); // drops this engine's blocks over the range (UC_CTL_TB_REMOVE_CACHE)
            e.run(CODE, 1);
            assertThat(e.readReg(Arm64Reg.x(0))).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a7_aGuestStoreToTranslatedCodeIsFetchedAtOnceWithoutCacheMaintenanceOrIsb(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            RunResult r = runToUdf(e, m, """
                    bl f
                    mov x3, x0
                    adr x1, f
                    ldr w2, new
                    str w2, [x1]
                    bl f
                    b done
                    f: mov x0, #1
                    ret
                    new: mov x0, #9
                    done:
                    """);
            assertThat(r.ok()).isTrue();
            assertThat(e.readReg(Arm64Reg.x(3))).as("the first call ran the old code").isEqualTo(1);
            assertThat(e.readReg(Arm64Reg.x(0))).as("no DC CVAU, IC IVAU, DSB or ISB, yet the new code ran")
                    .isEqualTo(9);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a7_requestCacheGivesABlocksInstructionCountWithoutRunningIt(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.uncounted(m, lib)) {
            load(m, "add x0, x0, #1\n".repeat(20) + "b .");
            assertThat(e.translatedBlock(CODE)).containsExactly(21, 84);
            assertThat(e.readReg(Arm64Reg.x(0))).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a8_unicorn20LeavesPcAtTheBlocksStartAfterADataFault_perInstructionCountingMakesItExact(UnicornLibrary lib) {
        String asm = "mov x1, #1\nmov x1, #2\nmov x2, #0x50000\nstr x1, [x2]\nmov x0, #7\nb .";
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.uncounted(m, lib)) {
            load(m, asm);
            assertThat(UcError.of(e.emuStart(CODE, 0, 0))).isEqualTo(UcError.WRITE_UNMAPPED);
            assertThat(e.readReg(Arm64Reg.x(1))).isEqualTo(2);
            assertThat(e.readReg(Arm64Reg.PC)).isEqualTo(lib.atLeast(2, 1) ? CODE + 12 : CODE);
        }
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            load(m, asm);
            RunResult r = e.run(CODE, 100);
            assertThat(r.error()).isEqualTo(UcError.WRITE_UNMAPPED);
            assertThat(r.retired()).as("the faulting store counts").isEqualTo(4);
            assertThat(e.readReg(Arm64Reg.PC)).isEqualTo(CODE + 12);
        }
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib, Counting.BLOCK)) {
            load(m, asm);
            RunResult r = e.run(CODE, 100);
            assertThat(r.error()).isEqualTo(UcError.WRITE_UNMAPPED);
            if (lib.atLeast(2, 1)) {
                assertThat(r.retired()).as("block counting: the instructions to the fault, (pc - start) / 4, + 1")
                        .isEqualTo(4);
                assertThat(e.readReg(Arm64Reg.PC)).isEqualTo(CODE + 12);
            } else {
                assertThat(e.readReg(Arm64Reg.PC)).as("2.0: which instruction faulted is unknown").isEqualTo(CODE);
                assertThat(r.retired()).as("so block counting on 2.0 cannot count to it").isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void a9_aRetToTheMagicReturnAddressStopsThereMappedOrNot(UnicornLibrary lib) {
        long magic = CODE + 0x800; // mapped and executable, never executed: the stop address
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            load(m, "mov x1, #1\nret\nmov x0, #7");
            e.writeReg(Arm64Reg.X30, magic);
            e.stopAt(magic);
            RunResult r = e.run(CODE, 100);
            assertThat(r.ok()).isTrue();
            assertThat(r.retired()).isEqualTo(2);
            assertThat(e.readReg(Arm64Reg.PC)).isEqualTo(magic);
        }
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = A64Code.engine(m, lib)) {
            load(m, "mov x1, #1\nret\nmov x0, #7");
            e.writeReg(Arm64Reg.X30, 0xdead_0000L);
            RunResult r = e.run(CODE, 100);
            assertThat(r.error()).isEqualTo(UcError.FETCH_UNMAPPED);
            assertThat(r.retired()).as("the RET ran").isEqualTo(2);
            assertThat(e.readReg(Arm64Reg.PC)).as("PC: the unmapped target").isEqualTo(0xdead_0000L);
        }
    }
}
