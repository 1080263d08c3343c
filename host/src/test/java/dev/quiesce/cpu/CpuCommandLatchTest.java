package dev.quiesce.cpu;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuCommandLatchTest {

    private static CpuCommandLatch after(CpuControl... commands) {
        CpuCommandLatch l = new CpuCommandLatch();
        for (CpuControl c : commands) {
            l.apply(c);
        }
        return l;
    }

    @Test
    void aFreshLatchHoldsNothingAndMasksNothing() {
        CpuCommandLatch l = new CpuCommandLatch();
        assertThat(l.holding()).isFalse();
        assertThat(l.parked()).isFalse();
        assertThat(l.irqsOff()).isFalse();
        assertThat(l.stopAsked()).isFalse();
        assertThat(l.masksNmis()).isFalse();
        assertThat(l.parkIfHeld()).as("a quiescence point without hold").isFalse();
    }

    @Test
    void holdParksAtTheNextQuiescencePointOnlyOnce() {
        CpuCommandLatch l = after(CpuControl.HOLD_AT_QUIESCENCE);
        assertThat(l.holding()).isTrue();
        assertThat(l.parked()).isFalse();
        assertThat(l.parkIfHeld()).isTrue();
        assertThat(l.parked()).isTrue();
        assertThat(l.parkIfHeld()).as("already parked").isFalse();
    }

    @Test
    void irqsOffBeforeHoldIsForgotten() {
        CpuCommandLatch l = after(CpuControl.IRQS_OFF, CpuControl.HOLD_AT_QUIESCENCE);
        l.parkIfHeld();
        assertThat(l.irqsOffDue(true)).isFalse();
    }

    @Test
    void irqsOffIsDueOnceParkedAndOutsideHandlers() {
        CpuCommandLatch l = after(CpuControl.HOLD_AT_QUIESCENCE, CpuControl.IRQS_OFF);
        assertThat(l.irqsOffDue(true)).as("not parked yet").isFalse();
        assertThatThrownBy(l::irqsTurnedOff).isInstanceOf(IllegalStateException.class);
        l.parkIfHeld();
        assertThat(l.irqsOffDue(false)).as("inside a handler").isFalse();
        assertThat(l.irqsOffDue(true)).isTrue();
        l.irqsTurnedOff();
        assertThat(l.irqsOff()).isTrue();
        assertThat(l.irqsOffDue(true)).as("taken").isFalse();
    }

    @Test
    void aStopParksTheCpuWithIrqsOff() {
        CpuCommandLatch l = after(CpuControl.STOP);
        assertThat(l.stopAsked()).isTrue();
        l.stopped();
        assertThat(l.stopAsked()).isFalse();
        assertThat(l.parked()).isTrue();
        assertThat(l.irqsOff()).isTrue();
        assertThat(l.holding()).as("a stop is not a hold").isFalse();
        assertThatThrownBy(l::stopped).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStopOfAParkedCpuIsNotAsked() {
        CpuCommandLatch l = after(CpuControl.HOLD_AT_QUIESCENCE);
        l.parkIfHeld();
        l.apply(CpuControl.STOP);
        assertThat(l.stopAsked()).isFalse();
    }

    @Test
    void theLastNmiMaskWins() {
        CpuCommandLatch swallow = after(CpuControl.MASK_NMIS_DEFER, CpuControl.MASK_NMIS_SWALLOW);
        assertThat(swallow.masksNmis()).isTrue();
        assertThat(swallow.swallowsNmis()).isTrue();
        assertThat(swallow.defersNmis()).isFalse();
        CpuCommandLatch defer = after(CpuControl.MASK_NMIS_SWALLOW, CpuControl.MASK_NMIS_DEFER);
        assertThat(defer.defersNmis()).isTrue();
        assertThat(defer.swallowsNmis()).isFalse();
    }

    @Test
    void aSyncIpiLatchesNothing() {
        CpuCommandLatch l = after(CpuControl.SYNC_IPI);
        assertThat(l.holding() || l.parked() || l.irqsOff() || l.stopAsked() || l.masksNmis()).isFalse();
    }

    @Test
    void releaseKeepsTheNmiMask_andOnlyTheUnmaskClearsIt() {
        CpuCommandLatch l = after(CpuControl.HOLD_AT_QUIESCENCE, CpuControl.MASK_NMIS_SWALLOW, CpuControl.RELEASE);
        assertThat(l.holding()).isFalse();
        assertThat(l.swallowsNmis()).isTrue();
        l.apply(CpuControl.UNMASK_NMIS);
        assertThat(l.masksNmis()).isFalse();
    }

    @Test
    void unmaskAndReleaseClearEveryState() {
        CpuCommandLatch held = after(CpuControl.HOLD_AT_QUIESCENCE, CpuControl.IRQS_OFF, CpuControl.MASK_NMIS_DEFER);
        held.parkIfHeld();
        held.irqsTurnedOff();
        CpuCommandLatch stopping = after(CpuControl.STOP, CpuControl.MASK_NMIS_SWALLOW);
        for (CpuCommandLatch l : new CpuCommandLatch[] {held, stopping}) {
            l.apply(CpuControl.UNMASK_NMIS);
            l.apply(CpuControl.RELEASE);
            assertThat(l.holding()).isFalse();
            assertThat(l.parked()).isFalse();
            assertThat(l.irqsOff()).isFalse();
            assertThat(l.stopAsked()).isFalse();
            assertThat(l.masksNmis()).isFalse();
            assertThat(l.irqsOffDue(true)).isFalse();
        }
    }

    @Test
    void unmaskLiftsTheNmiMaskAndNothingElse() {
        CpuCommandLatch l = after(CpuControl.HOLD_AT_QUIESCENCE, CpuControl.MASK_NMIS_SWALLOW);
        l.parkIfHeld();
        l.apply(CpuControl.UNMASK_NMIS);
        assertThat(l.masksNmis()).isFalse();
        assertThat(l.parked()).isTrue();
        assertThat(l.holding()).isTrue();
        assertThat(after(CpuControl.UNMASK_NMIS).masksNmis()).as("unmasking an unmasked CPU").isFalse();
    }

    @Test
    void anIrqsOffRequestIsAskedUntilTaken() {
        CpuCommandLatch l = after(CpuControl.HOLD_AT_QUIESCENCE, CpuControl.IRQS_OFF);
        assertThat(l.irqsOffAsked()).isTrue();
        l.parkIfHeld();
        l.irqsTurnedOff();
        assertThat(l.irqsOffAsked()).isFalse();
        assertThat(l.irqsOff()).isTrue();
        l.apply(CpuControl.RELEASE);
        assertThat(l.irqsOffAsked()).isFalse();
    }
}
