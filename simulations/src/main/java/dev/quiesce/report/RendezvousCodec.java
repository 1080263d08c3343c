package dev.quiesce.report;

import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.report.proto.TraceProto;

import static dev.quiesce.report.CpuEventCodec.text;

/**
 * The mapping between a {@link RendezvousEvent} of attempt {@code attempt} and the trace's {@code quiesce.trace.Event}
 * message.
 */
final class RendezvousCodec {

    private RendezvousCodec() {
    }

    static TraceProto.Event encode(int attempt, RendezvousEvent e) {
        TraceProto.Event.Builder b = TraceProto.Event.newBuilder().setTimeNs(e.time()).setAttempt(attempt);
        switch (e) {
            case RendezvousEvent.MasterElected m -> b.setMasterElected(TraceProto.MasterElected.newBuilder()
                    .setCpu(m.cpu()).setDeadlineNs(m.deadline()));
            case RendezvousEvent.IpiSent i -> b.setIpiSent(TraceProto.IpiSent.newBuilder().setOthers(i.others()));
            case RendezvousEvent.PhaseStarted p -> b.setPhaseStarted(TraceProto.PhaseStarted.newBuilder()
                    .setPhase(p.phase().name()));
            case RendezvousEvent.Arrived a -> b.setArrived(onCpu(a.cpu()));
            case RendezvousEvent.NmiLost n -> b.setNmiLost(TraceProto.NmiLost.newBuilder().setCpu(n.cpu())
                    .setSwallowed(n.swallowed()));
            case RendezvousEvent.IrqsOff o -> b.setCpuIrqsOff(onCpu(o.cpu()));
            case RendezvousEvent.ActionDone d -> b.setActionDone(TraceProto.ActionDone.newBuilder()
                    .setPayload(text(d.payload())).setAction(text(d.action())));
            case RendezvousEvent.TimedOut t -> b.setTimedOut(TraceProto.TimedOut.newBuilder()
                    .setPhase(t.phase().name()).setArrived(t.arrived()).setOf(t.of()));
            case RendezvousEvent.Released r -> b.setReleased(TraceProto.Empty.getDefaultInstance());
            case RendezvousEvent.Stored s -> b.setStored(TraceProto.Stored.newBuilder().setAddress(s.address())
                    .setLength(s.length()));
            case RendezvousEvent.SyncDone s -> b.setSyncDone(TraceProto.SyncDone.newBuilder().setRound(s.round())
                    .setStartedNs(s.started()));
            case RendezvousEvent.AllStopped s -> b.setAllStopped(TraceProto.AllStopped.newBuilder().setCpus(s.cpus()));
            case RendezvousEvent.StackBusy s -> b.setStackBusy(TraceProto.StackBusy.newBuilder().setCpu(s.cpu())
                    .setFunction(text(s.function())).setFrame(s.frame()).setAddress(s.address()));
            case RendezvousEvent.Switched s -> b.setSwitched(onCpu(s.cpu()));
            case RendezvousEvent.NmiInPatchedFunction n -> b.setNmiInPatchedFunction(
                    TraceProto.NmiInPatchedFunction.newBuilder().setCpu(n.cpu()).setFunction(text(n.function())));
            case RendezvousEvent.Aborted a -> b.setAborted(TraceProto.Aborted.newBuilder().setRc(a.rc())
                    .setReason(text(a.reason())));
            case RendezvousEvent.RunEnded r -> b.setRunEnded(TraceProto.RunEnded.newBuilder()
                    .setOracle(text(r.oracle())));
            case RendezvousEvent.WordWritten w -> b.setWordWritten(TraceProto.WordWritten.newBuilder().setCpu(w.cpu())
                    .setWord(text(w.word())).setValue(w.value()).setKind(w.kind().name()));
        }
        return b.build();
    }

    /** The rendezvous event in {@code m}, which must hold one. */
    static RendezvousEvent decode(TraceProto.Event m) {
        long t = m.getTimeNs();
        return switch (m.getKindCase()) {
            case MASTER_ELECTED -> new RendezvousEvent.MasterElected(t, m.getMasterElected().getCpu(),
                    m.getMasterElected().getDeadlineNs());
            case IPI_SENT -> new RendezvousEvent.IpiSent(t, m.getIpiSent().getOthers());
            case PHASE_STARTED -> new RendezvousEvent.PhaseStarted(t, phase(m.getPhaseStarted().getPhase()));
            case ARRIVED -> new RendezvousEvent.Arrived(t, m.getArrived().getCpu());
            case NMI_LOST -> new RendezvousEvent.NmiLost(t, m.getNmiLost().getCpu(), m.getNmiLost().getSwallowed());
            case CPU_IRQS_OFF -> new RendezvousEvent.IrqsOff(t, m.getCpuIrqsOff().getCpu());
            case ACTION_DONE -> new RendezvousEvent.ActionDone(t, m.getActionDone().getPayload(),
                    m.getActionDone().getAction());
            case TIMED_OUT -> new RendezvousEvent.TimedOut(t, phase(m.getTimedOut().getPhase()),
                    m.getTimedOut().getArrived(), m.getTimedOut().getOf());
            case RELEASED -> new RendezvousEvent.Released(t);
            case STORED -> new RendezvousEvent.Stored(t, m.getStored().getAddress(), m.getStored().getLength());
            case SYNC_DONE -> new RendezvousEvent.SyncDone(t, m.getSyncDone().getRound(),
                    m.getSyncDone().getStartedNs());
            case ALL_STOPPED -> new RendezvousEvent.AllStopped(t, m.getAllStopped().getCpus());
            case STACK_BUSY -> {
                TraceProto.StackBusy s = m.getStackBusy();
                yield new RendezvousEvent.StackBusy(t, s.getCpu(), s.getFunction(), s.getFrame(), s.getAddress());
            }
            case SWITCHED -> new RendezvousEvent.Switched(t, m.getSwitched().getCpu());
            case NMI_IN_PATCHED_FUNCTION -> new RendezvousEvent.NmiInPatchedFunction(t,
                    m.getNmiInPatchedFunction().getCpu(), m.getNmiInPatchedFunction().getFunction());
            case ABORTED -> new RendezvousEvent.Aborted(t, m.getAborted().getRc(), m.getAborted().getReason());
            case RUN_ENDED -> new RendezvousEvent.RunEnded(t, m.getRunEnded().getOracle());
            case WORD_WRITTEN -> {
                TraceProto.WordWritten w = m.getWordWritten();
                yield new RendezvousEvent.WordWritten(t, w.getCpu(), w.getWord(), w.getValue(),
                        RendezvousEvent.WordWritten.Kind.valueOf(w.getKind()));
            }
            default -> throw new IllegalArgumentException("not a rendezvous event: " + m.getKindCase());
        };
    }

    private static TraceProto.OnCpu onCpu(int cpu) {
        return TraceProto.OnCpu.newBuilder().setCpu(cpu).build();
    }

    private static RendezvousEvent.Phase phase(String name) {
        return RendezvousEvent.Phase.valueOf(name);
    }
}
