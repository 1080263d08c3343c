package dev.quiesce.emulator.unicorn;

import dev.quiesce.emulator.memory.GuestMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSE state through the binding: XMM registers read and written as 128 bits, XMM0–15 and MXCSR saved and restored
 * in one batch each, what Unicorn needs of CR0/CR4 to run SSE code (nothing), and that it never traps on an SSE
 * exception — on Unicorn 2.0.x and 2.1.x, which differ in the state an engine opens with.
 */
class SseStateTest {

    static List<UnicornLibrary> libraries() {
        return Libraries.both();
    }

    /** {@code addsd xmm0, xmm1}. */
    static final byte[] ADDSD_XMM0_XMM1 = {(byte) 0xF2, 0x0F, 0x58, (byte) 0xC1};
    /** {@code stmxcsr [rsp]}: 0F AE /3 with ModRM 0x1C, SIB 0x24. */
    static final byte[] STMXCSR_RSP = {0x0F, (byte) 0xAE, 0x1C, 0x24};
    /** CR4.OSFXSR: without it real hardware raises #UD for SSE instructions (Intel SDM vol. 3A §2.5). */
    static final long OSFXSR = 1L << 9;
    static final long CR0_EM = 1L << 2;
    static final long CR0_TS = 1L << 3;

    private static double addsd(UnicornEngine e) {
        e.registerState().writeXmm(0, Double.doubleToRawLongBits(1.5), 7);
        e.registerState().writeXmm(1, Double.doubleToRawLongBits(2.25), 9);
        RunResult r = e.run(TestCode.CODE, 1);
        assertThat(r.ok()).as("%s", r).isTrue();
        assertThat(e.registerState().readXmm(0)[1]).as("the high quadword is kept").isEqualTo(7);
        return Double.longBitsToDouble(e.registerState().readXmm(0)[0]);
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void xmmRegistersAre128BitsWide(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, Counting.configuredFor(lib))) {
            m.writeCode(TestCode.CODE, new TestCode().emit(ADDSD_XMM0_XMM1, TestCode.NOP).bytes());
            assertThat(addsd(e)).isEqualTo(3.75);
            e.registerState().writeXmm(15, 0x0123_4567_89ab_cdefL, 0xfedc_ba98_7654_3210L);
            assertThat(e.registerState().readXmm(15)).containsExactly(0x0123_4567_89ab_cdefL, 0xfedc_ba98_7654_3210L);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void saveAndRestoreSseBringBackEveryXmmRegisterAndMxcsr(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, Counting.configuredFor(lib))) {
            for (int i = 0; i < 16; i++) {
                e.registerState().writeXmm(i, 0x1111L * (i + 1), -(i + 1));
            }
            e.writeReg(X86Reg.MXCSR, 0x7F80); // round toward zero
            long[] file = e.registerState().newSseFile();
            e.registerState().saveSse(file);
            assertThat(file[32]).isEqualTo(0x7F80);
            for (int i = 0; i < 16; i++) {
                e.registerState().writeXmm(i, 0, 0);
            }
            e.writeReg(X86Reg.MXCSR, 0x1F80);
            e.registerState().restoreSse(file);
            for (int i = 0; i < 16; i++) {
                assertThat(e.registerState().readXmm(i)).as("xmm%d", i).containsExactly(0x1111L * (i + 1), -(i + 1));
            }
            // the guest sees the restored MXCSR
            m.writeCode(TestCode.CODE, new TestCode().emit(STMXCSR_RSP, TestCode.NOP).bytes());
            assertThat(e.run(TestCode.CODE, 1).ok()).isTrue();
            assertThat(m.readU32(e.readReg(X86Reg.RSP))).isEqualTo(0x7F80);
        }
    }

    @ParameterizedTest
    @MethodSource("libraries")
    void unicornRunsSseCodeWhateverCr0AndCr4SayAndStartsWithMxcsrZero(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, Counting.configuredFor(lib))) {
            m.writeCode(TestCode.CODE, new TestCode().emit(ADDSD_XMM0_XMM1, TestCode.NOP).bytes());
            long[] file = e.registerState().newSseFile();
            e.registerState().saveSse(file);
            assertThat(e.readReg(X86Reg.CR4) & OSFXSR).as("OSFXSR at open: set by 2.1, clear on 2.0")
                    .isEqualTo(lib.atLeast(2, 1) ? OSFXSR : 0);
            assertThat(file[32]).as("MXCSR at open (hardware resets it to 0x1F80)").isZero();
            assertThat(addsd(e)).as("no #UD without CR4.OSFXSR").isEqualTo(3.75);
        }
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, Counting.configuredFor(lib))) {
            m.writeCode(TestCode.CODE, new TestCode().emit(ADDSD_XMM0_XMM1, TestCode.NOP).bytes());
            e.writeReg(X86Reg.CR0, e.readReg(X86Reg.CR0) | CR0_EM | CR0_TS);
            assertThat(e.readReg(X86Reg.CR0) & (CR0_EM | CR0_TS)).isEqualTo(CR0_EM | CR0_TS);
            if (lib.atLeast(2, 1)) { // 2.1 raises #NM (vector 7) as hardware does for CR0.TS
                List<Integer> vectors = new java.util.ArrayList<>();
                e.hooks().interrupt(vectors::add);
                e.registerState().writeXmm(0, Double.doubleToRawLongBits(1.5), 7);
                e.run(TestCode.CODE, 1);
                assertThat(vectors).containsExactly(7);
                assertThat(Double.longBitsToDouble(e.registerState().readXmm(0)[0])).as("addsd did not execute").isEqualTo(1.5);
            } else {
                assertThat(addsd(e)).as("2.0: no #UD for CR0.EM nor #NM for CR0.TS").isEqualTo(3.75);
            }
        }
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, Counting.configuredFor(lib))) {
            m.writeCode(TestCode.CODE, new TestCode().emit(ADDSD_XMM0_XMM1, TestCode.NOP).bytes());
            e.writeReg(X86Reg.CR4, OSFXSR | (1L << 10));
            assertThat(e.readReg(X86Reg.CR4)).isEqualTo(OSFXSR | (1L << 10));
            assertThat(addsd(e)).as("and the same with the bits an OS sets").isEqualTo(3.75);
        }
    }

    /** {@code divsd xmm0, xmm1}. */
    static final byte[] DIVSD_XMM0_XMM1 = {(byte) 0xF2, 0x0F, 0x5E, (byte) 0xC1};

    @ParameterizedTest
    @MethodSource("libraries")
    void anUnmaskedSseExceptionDoesNotTrap(UnicornLibrary lib) {
        try (GuestMemory m = TestCode.memory(); UnicornEngine e = TestCode.engine(m, lib, Counting.configuredFor(lib))) {
            m.writeCode(TestCode.CODE, new TestCode().emit(DIVSD_XMM0_XMM1, TestCode.NOP).bytes());
            e.writeReg(X86Reg.CR4, OSFXSR | (1L << 10)); // with OSXMMEXCPT, hardware raises #XM for it
            e.writeReg(X86Reg.MXCSR, 0x1F80 & ~(1 << 9)); // divide-by-zero unmasked (ZM, bit 9, clear)
            e.registerState().writeXmm(0, Double.doubleToRawLongBits(1.0), 0);
            e.registerState().writeXmm(1, Double.doubleToRawLongBits(0.0), 0);
            RunResult r = e.run(TestCode.CODE, 2);
            assertThat(r.ok()).as("%s", r).isTrue();
            assertThat(r.retired()).isEqualTo(2);
            assertThat(Double.longBitsToDouble(e.registerState().readXmm(0)[0])).isEqualTo(Double.POSITIVE_INFINITY);
        }
    }
}
