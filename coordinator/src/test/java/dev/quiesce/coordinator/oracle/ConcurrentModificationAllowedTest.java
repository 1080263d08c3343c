package dev.quiesce.coordinator.oracle;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.isa.A64;
import dev.quiesce.isa.Arch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.quiesce.coordinator.oracle.SyntheticHost.F;
import static dev.quiesce.coordinator.oracle.SyntheticHost.SITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConcurrentModificationAllowed} on synthetic boundaries (Arm ARM DDI 0487, B2.2.5): a store over an
 * instruction another CPU may execute is reported unless both instructions are in the architecture's set.
 */
class ConcurrentModificationAllowedTest {

    private static final int STP = 0xa9bf7bfd; // stp x29, x30, [sp, #-16]!: a function's usual first instruction
    private static final int MOV = 0x910003fd; // mov x29, sp

    /** Issues an action on {@code f}, stores {@code after} over {@code before} at its first word, ends the boundary. */
    private static List<Violation> patch(SyntheticHost h, int before, int after) {
        ConcurrentModificationAllowed o = new ConcurrentModificationAllowed();
        h.store(F, before);
        h.watched = List.of(SITE);
        o.issued(h.view(100));
        h.store(F, after);
        List<Violation> out = new ArrayList<>();
        o.afterBoundary(h.view(200), out);
        return out;
    }

    @Test
    void replacingAFunctionsFirstInstructionByABranchUnderARunningCpuIsReported() {
        try (SyntheticHost h = new SyntheticHost(2, Arch.AARCH64)) {
            h.parkedIrqsOff(0);
            List<Violation> out = patch(h, STP, A64.b(F, SyntheticHost.BASE + 0x1000));
            assertThat(out).singleElement().satisfies(v -> {
                assertThat(v.oracle()).isEqualTo("ConcurrentModificationAllowed");
                assertThat(v.cpu()).isEqualTo(1);
                assertThat(v.timeNs()).isEqualTo(200);
                assertThat(v.message()).contains("f+0x0", "0xa9bf7bfd (not in the set)", "(B)", "running");
            });
        }
    }

    @Test
    void aNopBecomingABranchMayBeExecutedWhileItChanges() {
        try (SyntheticHost h = new SyntheticHost(2, Arch.AARCH64)) {
            assertThat(patch(h, A64.NOP, A64.b(F, SyntheticHost.BASE + 0x1000))).isEmpty();
        }
    }

    @Test
    void aBranchBecomingAnotherBranchOrABreakpointIsAllowedButNotAnOrdinaryInstruction() {
        try (SyntheticHost h = new SyntheticHost(1, Arch.AARCH64)) {
            assertThat(patch(h, A64.b(F, F + 64), A64.bl(F, F + 128))).isEmpty();
        }
        try (SyntheticHost h = new SyntheticHost(1, Arch.AARCH64)) {
            assertThat(patch(h, A64.b(F, F + 64), A64.brk(0x100))).isEmpty();
        }
        try (SyntheticHost h = new SyntheticHost(1, Arch.AARCH64)) {
            assertThat(patch(h, A64.b(F, F + 64), MOV)).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("(B)", "0x910003fd (not in the set)"));
        }
    }

    @Test
    void everyCpuParkedWithItsIrqsOffMayHaveAnyInstructionChanged() {
        try (SyntheticHost h = new SyntheticHost(3, Arch.AARCH64)) {
            for (int c = 0; c < 3; c++) {
                h.parkedIrqsOff(c);
            }
            assertThat(patch(h, STP, A64.b(F, SyntheticHost.BASE + 0x1000))).isEmpty();
        }
    }

    @Test
    void aHeldCpuThatParksAndTurnsItsIrqsOffDuringTheQuantumIsHeldAtTheBoundary() {
        try (SyntheticHost h = new SyntheticHost(1, Arch.AARCH64)) {
            h.snapshot(0, true, false, false, 0);
            h.event(s -> new CpuEvent.Quiescence(150, 0, s, SyntheticHost.BASE));
            h.event(s -> new CpuEvent.IrqsOff(160, 0, s));
            assertThat(patch(h, STP, MOV)).isEmpty();
        }
    }

    @Test
    void aCpuParkedWithItsIrqsOnMayStillRunAnInterruptHandlerThatCallsTheFunction() {
        try (SyntheticHost h = new SyntheticHost(1, Arch.AARCH64)) {
            h.snapshot(0, true, false, false, 0);
            h.event(s -> new CpuEvent.Quiescence(150, 0, s, SyntheticHost.BASE));
            assertThat(patch(h, STP, MOV)).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("parked with its IRQs on"));
        }
    }

    @Test
    void aParkedCpuInsideAnInterruptHandlerMayExecute() {
        try (SyntheticHost h = new SyntheticHost(1, Arch.AARCH64)) {
            h.parkedIrqsOff(0);
            h.event(s -> new CpuEvent.InterruptEntry(150, 0, s, InterruptKind.NMI, 2, SyntheticHost.BASE, 0));
            assertThat(patch(h, STP, MOV)).singleElement()
                    .satisfies(v -> assertThat(v.message()).contains("inside an interrupt handler"));
        }
    }

    @Test
    void aStoreMadeAtTheIssueIsJudgedAtTheNextCheckAgainstTheCpusOfTheIssuesBoundary() {
        try (SyntheticHost h = new SyntheticHost(2, Arch.AARCH64)) {
            ConcurrentModificationAllowed o = new ConcurrentModificationAllowed();
            h.store(F, STP);
            List<Violation> out = new ArrayList<>();
            o.afterBoundary(h.view(100), out); // nothing watched yet: the CPUs run
            h.watched = List.of(SITE);
            o.issued(h.view(100));
            h.store(F, MOV); // an unsafe protocol's store at its issue
            h.parkedIrqsOff(0);
            h.parkedIrqsOff(1); // what the next quantum starts from does not excuse the store made before it
            o.check(h.view(200), out);
            assertThat(out).singleElement().satisfies(v -> {
                assertThat(v.timeNs()).isEqualTo(100);
                assertThat(v.cpu()).isZero();
            });
        }
    }

    @Test
    void aStoreThatLeavesTheWordAsItWasChangesNothing() {
        try (SyntheticHost h = new SyntheticHost(1, Arch.AARCH64)) {
            assertThat(patch(h, STP, STP)).isEmpty();
        }
    }

    @Test
    void anX86HostIsNotJudged() {
        try (SyntheticHost h = new SyntheticHost(2, Arch.X86_64)) {
            assertThat(patch(h, STP, MOV)).isEmpty();
        }
    }

    @Test
    void theOracleIsRegistered() {
        assertThat(Oracles.names()).contains("ConcurrentModificationAllowed");
        assertThat(Oracles.parse(List.of("concurrentmodificationallowed"))).singleElement()
                .isInstanceOf(ConcurrentModificationAllowed.class);
    }
}
