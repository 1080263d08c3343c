package dev.quiesce.cpu;

import dev.quiesce.emulator.memory.CodeView;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.host.HostMachine;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.interrupt.InterruptSource;
import dev.quiesce.random.SeedStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under {@code serialize} an emulated CPU observes a coordinator's code store only at its serialising events — the
 * return from an interrupt, the sync IPI's {@code sync_core()}, the protocol's release — never at an interrupt's
 * delivery, and reports each refreshed page as a {@link CpuEvent.CodeRefreshed} right there; under {@code coherent}
 * there is nothing to refresh and no such event.
 */
class CpuSerialisesAtIretSyncCoreAndReleaseTest {

    private static HostMachine boot(XmcModel xmc) {
        return HostMachine.boot(CpuTest.settings("quiesce.host.cpus = 1").withXmc(xmc),
                SeedStream.root(1).child("host", 0));
    }

    /** A store of unchanged bytes into the page of {@code cpu_main}: a code store the CPU has not observed. */
    private static long store(HostMachine m) {
        long a = m.address("cpu_main");
        m.memory().writeCode(a, m.memory().read(a, 1));
        return a & -4096L;
    }

    @Test
    void aStoreIsObservedAtTheNextIret_notAtTheInterruptsDelivery() {
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("timer", InterruptKind.IRQ, 0x20, CpuTest.at(30_000))));
        try (HostMachine m = boot(XmcModel.SERIALIZE); Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> out = new ArrayList<>();
            cpu.runUntil(10_000, out);
            long page = store(m);
            CodeView view = m.codeViews().view(0);
            cpu.runUntil(20_000, out);
            assertThat(CpuTest.of(out, CpuEvent.CodeRefreshed.class)).isEmpty();
            assertThat(view.stale(page)).isTrue();
            cpu.runUntil(60_000, out);
            CpuEvent.InterruptEntry entry = CpuTest.of(out, CpuEvent.InterruptEntry.class).getFirst();
            CpuEvent.InterruptExit exit = CpuTest.of(out, CpuEvent.InterruptExit.class).getFirst();
            CpuEvent.CodeRefreshed r = CpuTest.of(out, CpuEvent.CodeRefreshed.class).getFirst();
            assertThat(r.cause()).isEqualTo(CpuEvent.Serialising.IRET);
            assertThat(r.page()).isEqualTo(page);
            assertThat(out.indexOf(r)).isEqualTo(out.indexOf(exit) + 1).isGreaterThan(out.indexOf(entry) + 1);
            assertThat(view.pendingPages()).isZero();
        }
    }

    @Test
    void theSyncIpisSyncCoreAndTheReleaseSerialise() {
        try (HostMachine m = boot(XmcModel.SERIALIZE); Cpu cpu = new Cpu(0, m, InterruptSchedule.none())) {
            List<CpuEvent> out = new ArrayList<>();
            cpu.runUntil(10_000, out);
            store(m);
            cpu.control(CpuControl.SYNC_IPI);
            cpu.runUntil(20_000, out);
            CpuEvent.InterruptEntry entry = CpuTest.of(out, CpuEvent.InterruptEntry.class).getFirst();
            assertThat(entry.vector()).isEqualTo(CpuControl.SYNC_VECTOR);
            CpuEvent.CodeRefreshed sync = CpuTest.of(out, CpuEvent.CodeRefreshed.class).getFirst();
            assertThat(sync.cause()).isEqualTo(CpuEvent.Serialising.SYNC_CORE);
            assertThat(out.indexOf(sync)).isEqualTo(out.indexOf(entry) + 1);

            out.clear();
            store(m);
            cpu.control(CpuControl.HOLD_AT_QUIESCENCE);
            cpu.runUntil(40_000, out);
            assertThat(CpuTest.of(out, CpuEvent.CodeRefreshed.class)).isEmpty();
            cpu.control(CpuControl.RELEASE);
            cpu.runUntil(41_000, out);
            assertThat(CpuTest.of(out, CpuEvent.CodeRefreshed.class)).singleElement()
                    .satisfies(r -> assertThat(r.cause()).isEqualTo(CpuEvent.Serialising.RELEASE));
        }
    }

    @Test
    void underCoherentThereIsNothingToRefresh() {
        InterruptSchedule s = new InterruptSchedule(List.of(
                new InterruptSource("timer", InterruptKind.IRQ, 0x20, CpuTest.at(30_000))));
        try (HostMachine m = boot(XmcModel.COHERENT); Cpu cpu = new Cpu(0, m, s)) {
            List<CpuEvent> out = new ArrayList<>();
            cpu.runUntil(10_000, out);
            store(m);
            cpu.control(CpuControl.SYNC_IPI);
            cpu.runUntil(60_000, out);
            assertThat(m.codeViews()).isNull();
            assertThat(CpuTest.of(out, CpuEvent.InterruptExit.class)).hasSize(2);
            assertThat(CpuTest.of(out, CpuEvent.CodeRefreshed.class)).isEmpty();
        }
    }
}
