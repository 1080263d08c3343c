package dev.quiesce.report;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.protocol.RendezvousEvent.Phase;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.scenario.ScenarioResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceCodecTest {

    @Test
    void record_readsBackTheHeaderAndEveryEventInOrder(@TempDir Path dir) throws IOException {
        ScenarioResult r = Runs.xenDefault4();
        Path file = dir.resolve("run.trace");
        long written = TraceCodec.write(r, file);
        RecordedTrace t = TraceCodec.read(file);

        long rendezvous = r.outcomes().stream().mapToLong(o -> o.events().size()).sum();
        assertThat(written).isEqualTo(r.trace().size() + rendezvous).isEqualTo(t.events().size());
        TraceHeader h = t.header();
        assertThat(h.formatVersion()).isEqualTo(TraceCodec.FORMAT_VERSION);
        assertThat(h.scenario()).isEqualTo("xen-default");
        assertThat(h.source()).isEqualTo("xen-default");
        assertThat(h.sets()).containsExactly("host.cpus=4");
        assertThat(h.seed()).isEqualTo(0x5eedL);
        assertThat(h.traceHash()).isEqualTo(r.report().traceHash()).hasSize(64);
        assertThat(h.buildId()).isEqualTo(r.report().buildId());
        assertThat(h.cpus()).isEqualTo(4);
        assertThat(h.endNs()).isEqualTo(r.endNs());
        assertThat(h.protocol()).isEqualTo("xen.rendezvous");
        assertThat(h.replay()).isEqualTo(r.scenario().replayLine());
        assertThat(h.events()).isEqualTo(written);
        ApplyOutcome o = r.outcomes().getFirst();
        assertThat(h.attempts()).containsExactly(new TraceHeader.Attempt("xen_hello_world", "APPLY", 1, "done", 0,
                o.issuedNs(), o.master(), o.masterNs(), o.deadlineNs(), o.releasedNs()));
        assertThat(h.violations()).isEmpty();

        assertThat(t.events()).isEqualTo(TraceCodec.events(r));
        assertThat(t.events().getFirst()).isEqualTo(new TraceEvent.Cpu(r.trace().getFirst()));
        CpuEvent lastCpu = r.trace().getLast();
        RendezvousEvent lastStep = o.events().getLast();
        assertThat(t.events().getLast()).isEqualTo(lastStep.time() >= lastCpu.time()
                ? new TraceEvent.Rendezvous(1, lastStep) : new TraceEvent.Cpu(lastCpu));
        assertThat(t.events()).filteredOn(e -> e instanceof TraceEvent.Rendezvous)
                .extracting(e -> ((TraceEvent.Rendezvous) e).event()).containsExactlyElementsOf(o.events());
        for (int i = 1; i < t.events().size(); i++) {
            assertThat(t.events().get(i).time()).isGreaterThanOrEqualTo(t.events().get(i - 1).time());
        }
    }

    @Test
    void everyKindOfEvent_survivesTheRoundTripWithAllItsFields() {
        List<CpuEvent> cpu = List.of(
                new CpuEvent.Quiescence(10, 1, 2, 0x400500L),
                new CpuEvent.InterruptEntry(11, 2, 3, InterruptKind.NMI, 2, 0xffff_8000_0000_1234L, 0x246),
                new CpuEvent.InterruptExit(12, 2, 4, InterruptKind.IRQ, 48),
                new CpuEvent.InterruptLost(13, 3, 5, InterruptKind.IRQ, 32),
                new CpuEvent.NmiSwallowed(14, 0, 6, 2),
                new CpuEvent.IrqsOff(15, 1, 7),
                new CpuEvent.Fault(16, 1, 8, FaultKind.INVALID_INSTRUCTION, 0x400441, "xen_extra_version+0x1",
                        "torn \"fetch\""),
                new CpuEvent.Int3Emulated(17, 2, 9, 0x400440, 0x400445),
                new CpuEvent.Stopped(18, 3, 10, new long[] {0x40050b, 0x400600, -1L}),
                new CpuEvent.CodeRefreshed(19, 1, 11, CpuEvent.Serialising.IRET, 0x401000),
                new CpuEvent.CodeTorn(20, 2, 12, 0x40100e, 2),
                new CpuEvent.Probe(19, 0, 11, 0x400440, 5, true, false));
        for (CpuEvent e : cpu) {
            assertThat(CpuEventCodec.decode(CpuEventCodec.encode(e))).isEqualTo(e);
        }
        List<RendezvousEvent> rendezvous = List.of(
                new RendezvousEvent.MasterElected(1, 0, 30_000_001), new RendezvousEvent.IpiSent(2, 7),
                new RendezvousEvent.PhaseStarted(3, Phase.IRQ), new RendezvousEvent.Arrived(4, 5),
                new RendezvousEvent.NmiLost(5, 6, true), new RendezvousEvent.IrqsOff(6, 7),
                new RendezvousEvent.ActionDone(7, "xen_hello_world", "APPLY"),
                new RendezvousEvent.TimedOut(8, Phase.CPU, 2, 3), new RendezvousEvent.Released(9),
                new RendezvousEvent.Stored(10, 0x400440, 5), new RendezvousEvent.SyncDone(11, 2, 9),
                new RendezvousEvent.AllStopped(12, 8), new RendezvousEvent.StackBusy(13, 1, "f", 2, 0x400123),
                new RendezvousEvent.Switched(14, 3), new RendezvousEvent.NmiInPatchedFunction(15, 4, "g"),
                new RendezvousEvent.Aborted(16, -16, "busy"));
        for (RendezvousEvent e : rendezvous) {
            assertThat(RendezvousCodec.decode(RendezvousCodec.encode(3, e))).isEqualTo(e);
            assertThat(CpuEventCodec.isCpuEvent(RendezvousCodec.encode(3, e))).isFalse();
        }
        assertThat(cpu).allSatisfy(e -> assertThat(CpuEventCodec.isCpuEvent(CpuEventCodec.encode(e))).isTrue());
    }

    @Test
    void read_refusesAFileThatIsNotATraceNamingIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello, I am not a trace\n");
        assertThatThrownBy(() -> TraceCodec.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("is not a quiesce trace");
    }

    @Test
    void read_refusesATruncatedTrace(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.trace");
        TraceCodec.write(Runs.xenDefault4(), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> TraceCodec.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a quiesce trace");
    }
}
