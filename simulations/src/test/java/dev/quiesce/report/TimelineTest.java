package dev.quiesce.report;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.report.Timeline.MarkKind;
import dev.quiesce.report.Timeline.Segment;
import dev.quiesce.report.Timeline.State;
import dev.quiesce.scenario.ScenarioResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {

    @Test
    void timeline_showsEachCpuSpinningFromItsArrivalThenIrqsOffUntilTheReleaseAndTheMasterPatching() {
        ScenarioResult r = Runs.xenDefault4();
        ApplyOutcome o = r.outcomes().getFirst();
        List<Timeline> ts = Timeline.of(r);
        assertThat(ts).hasSize(1);
        Timeline t = ts.getFirst();
        assertThat(t.title()).contains("Attempt 1").contains("done");
        assertThat(t.fromNs()).isLessThan(o.issuedNs());
        assertThat(t.toNs()).isGreaterThanOrEqualTo(o.releasedNs()).isLessThanOrEqualTo(r.endNs());
        int irqsOffShown = 0;
        for (int c = 0; c < 4; c++) { // a state of no duration (IRQs off at the arrival's instant) has no segment
            if (c != o.master() && o.arrivalNs()[c] < o.irqsOffNs()[c]) {
                assertThat(t.states()).contains(new Segment(c, o.arrivalNs()[c], o.irqsOffNs()[c], State.SPINNING, ""));
            }
            if (c != o.master() && o.irqsOffNs()[c] < o.releasedNs()) {
                assertThat(t.states()).contains(new Segment(c, o.irqsOffNs()[c], o.releasedNs(), State.IRQS_OFF, ""));
                irqsOffShown++;
            }
        }
        assertThat(irqsOffShown).as("CPUs shown with IRQs off until the release").isPositive();
        assertThat(t.states()).contains(
                new Segment(o.master(), o.masterNs(), o.irqsOffNs()[o.master()], State.SPINNING, ""));
    }

    @Test
    void timeline_showsTheMasterPatchingFromTheLastIrqsOffToItsLastStore() {
        ScenarioResult r = Runs.run("xen-default", "host.cpus=4", "store.granularity=per-byte", "store.spacing=20ns");
        ApplyOutcome o = r.outcomes().getFirst();
        Timeline t = Timeline.of(r).getFirst();
        long allOff = java.util.Arrays.stream(o.irqsOffNs()).max().orElseThrow();
        long lastStore = o.events().stream().filter(e -> e instanceof dev.quiesce.coordinator.protocol.RendezvousEvent.Stored)
                .mapToLong(e -> e.time()).max().orElseThrow();
        assertThat(lastStore).as("byte stores 20 ns apart take time").isGreaterThan(allOff);
        assertThat(t.states()).contains(new Segment(o.master(), allOff, lastStore, State.PATCHING, ""));
    }

    @Test
    void timeline_tilesEveryCpuRowWithStatesAndLaysTheTracedHandlersOverThem() {
        ScenarioResult r = Runs.xenDefault4();
        Timeline t = Timeline.of(r).getFirst();
        for (int c = 0; c < t.cpus(); c++) {
            int cpu = c;
            List<Segment> row = t.states().stream().filter(s -> s.cpu() == cpu).toList();
            assertThat(row.getFirst().fromNs()).isEqualTo(t.fromNs());
            assertThat(row.getLast().toNs()).isEqualTo(t.toNs());
            for (int i = 1; i < row.size(); i++) {
                assertThat(row.get(i).fromNs()).isEqualTo(row.get(i - 1).toNs());
                assertThat(row.get(i).state()).isNotEqualTo(row.get(i - 1).state());
            }
        }
        List<CpuEvent.InterruptEntry> entries = r.trace().stream()
                .filter(e -> e instanceof CpuEvent.InterruptEntry && e.time() >= t.fromNs() && e.time() <= t.toNs())
                .map(e -> (CpuEvent.InterruptEntry) e).toList();
        assertThat(entries).isNotEmpty();
        assertThat(t.handlers()).hasSize(entries.size());
        for (CpuEvent.InterruptEntry e : entries) {
            assertThat(t.handlers()).anySatisfy(h -> {
                assertThat(h.cpu()).isEqualTo(e.cpu());
                assertThat(h.fromNs()).isEqualTo(e.time());
                assertThat(h.detail()).isEqualTo(e.kind() + " vector " + e.vector());
            });
        }
    }

    @Test
    void timeline_marksEachStoreAndTheReleaseButNotADeadlineBeyondTheWindow() {
        ScenarioResult r = Runs.xenDefault4();
        ApplyOutcome o = r.outcomes().getFirst();
        Timeline t = Timeline.of(r).getFirst();
        List<Long> stores = o.events().stream().filter(e -> e instanceof RendezvousEvent.Stored)
                .map(RendezvousEvent::time).toList();
        assertThat(stores).isNotEmpty();
        assertThat(t.marks()).filteredOn(m -> m.kind() == MarkKind.STORE).extracting(Timeline.Mark::timeNs)
                .containsExactlyElementsOf(stores);
        assertThat(t.marks()).filteredOn(m -> m.kind() == MarkKind.RELEASED).extracting(Timeline.Mark::timeNs)
                .containsExactly(o.releasedNs());
        assertThat(o.deadlineNs()).isGreaterThan(t.toNs());
        assertThat(t.marks()).noneMatch(m -> m.kind() == MarkKind.DEADLINE);
    }

    @Test
    void stateSweep_letsTheLaterStateWinWhereStatesOverlapAndRunsElsewhere() {
        StateSweep s = new StateSweep(1);
        s.add(0, 10, 50, State.SPINNING);
        s.add(0, 40, 70, State.IRQS_OFF);
        s.add(0, 45, 60, State.PATCHING);
        s.add(0, 80, 80, State.NMI);
        assertThat(s.segments(0, 100)).containsExactly(
                new Segment(0, 0, 10, State.RUNNING, ""), new Segment(0, 10, 40, State.SPINNING, ""),
                new Segment(0, 40, 45, State.IRQS_OFF, ""), new Segment(0, 45, 60, State.PATCHING, ""),
                new Segment(0, 60, 70, State.IRQS_OFF, ""), new Segment(0, 70, 100, State.RUNNING, ""));
    }
}
