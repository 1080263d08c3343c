package dev.quiesce.emulator.memory;

import org.junit.jupiter.api.Test;

import static dev.quiesce.emulator.memory.ArmFetchMachine.CODE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XmcModel#ARM} at the level of the code views (docs/cross-modifying-code.md, "arm"; Arm ARM DDI 0487, B2.2.5
 * and B2.4): a code store reaches a CPU's instruction fetch only after its cache maintenance and then a context
 * synchronisation event on that CPU.
 */
class ArmInstructionFetchTest {

    private static final int NOP = 0xd503201f;
    private static final int B_PLUS_8 = 0x14000002;
    private static final int STP = 0xa9bf7bfd;

    @Test
    void aStoreWithoutMaintenanceIsNeverFetchedEvenAfterAnIsb() {
        try (ArmFetchMachine m = ArmFetchMachine.of(2)) {
            m.store(CODE, NOP);
            m.synchronise(0);
            m.synchronise(0);
            m.synchronise(1);
            assertThat(m.fetch(0, CODE)).isZero();
            assertThat(m.fetch(1, CODE)).isZero();
            assertThat(m.views().allMaintained()).isFalse();
        }
    }

    @Test
    void maintenanceWithoutASynchronisationLeavesTheCpuFetchingTheOldInstruction() {
        try (ArmFetchMachine m = ArmFetchMachine.of(2)) {
            m.store(CODE, NOP);
            m.memory().maintainCode(CODE, 4);
            assertThat(m.fetch(0, CODE)).isZero();
            assertThat(m.views().allMaintained()).isTrue();
        }
    }

    @Test
    void maintenanceThenAnIsbFetchesTheNewInstruction() {
        try (ArmFetchMachine m = ArmFetchMachine.of(1)) {
            m.store(CODE, B_PLUS_8);
            m.memory().maintainCode(CODE, 4);
            assertThat(m.synchronise(0)).containsExactly(CODE);
            assertThat(m.fetch(0, CODE)).isEqualTo(B_PLUS_8);
            assertThat(m.views().view(0).pendingPages()).isZero();
            assertThat(m.views().privatePages()).isZero();
        }
    }

    @Test
    void aSynchronisationBeforeTheMaintenanceDoesNotCountAfterIt() {
        try (ArmFetchMachine m = ArmFetchMachine.of(1)) {
            m.store(CODE, B_PLUS_8);
            assertThat(m.synchronise(0)).isEmpty();
            m.memory().maintainCode(CODE, 4);
            assertThat(m.fetch(0, CODE)).isZero();
            m.synchronise(0);
            assertThat(m.fetch(0, CODE)).isEqualTo(B_PLUS_8);
        }
    }

    @Test
    void eachCpuObservesAtItsOwnSynchronisation() {
        try (ArmFetchMachine m = ArmFetchMachine.of(3)) {
            m.store(CODE + 8, NOP);
            m.memory().maintainCode(CODE + 8, 4);
            m.synchronise(1);
            assertThat(m.fetch(0, CODE + 8)).isZero();
            assertThat(m.fetch(1, CODE + 8)).isEqualTo(NOP);
            assertThat(m.fetch(2, CODE + 8)).isZero();
            m.synchronise(2);
            assertThat(m.fetch(2, CODE + 8)).isEqualTo(NOP);
            assertThat(m.fetch(0, CODE + 8)).isZero();
        }
    }

    @Test
    void onePageCanHoldAMaintainedStoreAndAnUnmaintainedOne() {
        try (ArmFetchMachine m = ArmFetchMachine.of(1)) {
            m.store(CODE, NOP);
            m.store(CODE + 4, STP);
            m.memory().maintainCode(CODE, 4);
            assertThat(m.synchronise(0)).containsExactly(CODE);
            assertThat(m.fetch(0, CODE)).isEqualTo(NOP);
            assertThat(m.fetch(0, CODE + 4)).isZero();
            assertThat(m.views().view(0).pendingPages()).isOne();
            assertThat(m.synchronise(0)).as("nothing more to observe until the second store is maintained").isEmpty();
            m.memory().maintainCode(CODE + 4, 4);
            assertThat(m.synchronise(0)).containsExactly(CODE);
            assertThat(m.fetch(0, CODE + 4)).isEqualTo(STP);
            assertThat(m.views().view(0).pendingPages()).isZero();
        }
    }

    @Test
    void aStoreAgainAfterItsMaintenanceIsHeldBackAgain() {
        try (ArmFetchMachine m = ArmFetchMachine.of(1)) {
            m.store(CODE, NOP);
            m.memory().maintainCode(CODE, 4);
            m.store(CODE, B_PLUS_8);
            m.synchronise(0);
            assertThat(m.fetch(0, CODE)).as("the CPU keeps the bytes it last observed").isZero();
            m.memory().maintainCode(CODE, 4);
            m.synchronise(0);
            assertThat(m.fetch(0, CODE)).isEqualTo(B_PLUS_8);
        }
    }

    @Test
    void maintenanceOfAnotherRangeReleasesNothing() {
        try (ArmFetchMachine m = ArmFetchMachine.of(1)) {
            m.store(CODE + GuestMemory.PAGE_SIZE, NOP);
            m.memory().maintainCode(CODE, GuestMemory.PAGE_SIZE);
            m.synchronise(0);
            assertThat(m.fetch(0, CODE + GuestMemory.PAGE_SIZE)).isZero();
        }
    }

    @Test
    void maintenanceIsNothingUnderTheOtherModels() {
        for (XmcModel model : new XmcModel[] {XmcModel.SERIALIZE, XmcModel.ERRATA}) {
            GuestMemory mem = GuestMemory.allocateShared(CODE, 2 * GuestMemory.PAGE_SIZE);
            try (mem) {
                mem.defineRegion(new Region("text", CODE, GuestMemory.PAGE_SIZE, Protection.RX));
                CodeViews v = CodeViews.attach(mem, model, 1, dev.quiesce.random.SeedStream.root(1));
                v.view(0).refresh();
                mem.writeCode(CODE, new byte[] {1, 2, 3, 4});
                assertThat(v.allMaintained()).isTrue();
                assertThat(v.view(0).refresh()).containsExactly(CODE);
                assertThat(v.view(0).read(CODE, 4)).containsExactly(1, 2, 3, 4);
            }
        }
    }
}
