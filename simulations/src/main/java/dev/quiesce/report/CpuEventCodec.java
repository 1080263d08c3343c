package dev.quiesce.report;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.report.proto.TraceProto;

import java.util.Arrays;

/**
 * The mapping between a {@link CpuEvent} and the trace's {@code quiesce.trace.Event} message.
 */
final class CpuEventCodec {

    private CpuEventCodec() {
    }

    static TraceProto.Event encode(CpuEvent e) {
        TraceProto.Event.Builder b = TraceProto.Event.newBuilder().setTimeNs(e.time()).setCpu(e.cpu()).setSeq(e.seq());
        switch (e) {
            case CpuEvent.Quiescence q -> b.setQuiescence(TraceProto.Quiescence.newBuilder().setPc(q.pc()));
            case CpuEvent.InterruptEntry i -> b.setInterruptEntry(interrupt(i.kind(), i.vector())
                    .setInterruptedPc(i.interruptedPc()).setInterruptedFlags(i.interruptedFlags()));
            case CpuEvent.InterruptExit i -> b.setInterruptExit(interrupt(i.kind(), i.vector()));
            case CpuEvent.InterruptLost i -> b.setInterruptLost(interrupt(i.kind(), i.vector()));
            case CpuEvent.NmiSwallowed n -> b.setNmiSwallowed(TraceProto.NmiSwallowed.newBuilder().setVector(n.vector()));
            case CpuEvent.IrqsOff o -> b.setIrqsOff(TraceProto.Empty.getDefaultInstance());
            case CpuEvent.Fault f -> b.setFault(TraceProto.Fault.newBuilder().setKind(f.kind().name()).setPc(f.pc())
                    .setWhere(text(f.where())).setDetail(text(f.detail())));
            case CpuEvent.Int3Emulated i -> b.setInt3Emulated(TraceProto.Int3Emulated.newBuilder().setPc(i.pc())
                    .setTarget(i.target()));
            case CpuEvent.Stopped s -> b.setStopped(TraceProto.Stopped.newBuilder()
                    .addAllStack(Arrays.stream(s.stack()).boxed().toList()));
            case CpuEvent.Probe p -> b.setProbe(TraceProto.Probe.newBuilder().setPc(p.pc()).setSize(p.size())
                    .setNmi(p.nmi()).setIrq(p.irq()).setMce(p.mce()));
            case CpuEvent.CodeRefreshed r -> b.setCodeRefreshed(TraceProto.CodeRefreshed.newBuilder()
                    .setCause(r.cause().code()).setPage(r.page()));
            case CpuEvent.CodeTorn t -> b.setCodeTorn(TraceProto.CodeTorn.newBuilder().setAddress(t.address())
                    .setLength(t.length()));
        }
        return b.build();
    }

    /** The CPU event in {@code m}, which must hold one ({@link #isCpuEvent}). */
    static CpuEvent decode(TraceProto.Event m) {
        long t = m.getTimeNs();
        int cpu = m.getCpu();
        long seq = m.getSeq();
        return switch (m.getKindCase()) {
            case QUIESCENCE -> new CpuEvent.Quiescence(t, cpu, seq, m.getQuiescence().getPc());
            case INTERRUPT_ENTRY -> {
                TraceProto.Interrupt i = m.getInterruptEntry();
                yield new CpuEvent.InterruptEntry(t, cpu, seq, kind(i), i.getVector(), i.getInterruptedPc(),
                        i.getInterruptedFlags());
            }
            case INTERRUPT_EXIT -> new CpuEvent.InterruptExit(t, cpu, seq, kind(m.getInterruptExit()),
                    m.getInterruptExit().getVector());
            case INTERRUPT_LOST -> new CpuEvent.InterruptLost(t, cpu, seq, kind(m.getInterruptLost()),
                    m.getInterruptLost().getVector());
            case NMI_SWALLOWED -> new CpuEvent.NmiSwallowed(t, cpu, seq, m.getNmiSwallowed().getVector());
            case IRQS_OFF -> new CpuEvent.IrqsOff(t, cpu, seq);
            case FAULT -> {
                TraceProto.Fault f = m.getFault();
                yield new CpuEvent.Fault(t, cpu, seq, FaultKind.valueOf(f.getKind()), f.getPc(), f.getWhere(),
                        f.getDetail());
            }
            case INT3_EMULATED -> new CpuEvent.Int3Emulated(t, cpu, seq, m.getInt3Emulated().getPc(),
                    m.getInt3Emulated().getTarget());
            case STOPPED -> new CpuEvent.Stopped(t, cpu, seq,
                    m.getStopped().getStackList().stream().mapToLong(Long::longValue).toArray());
            case PROBE -> {
                TraceProto.Probe p = m.getProbe();
                yield new CpuEvent.Probe(t, cpu, seq, p.getPc(), p.getSize(), p.getNmi(), p.getIrq(), p.getMce());
            }
            case CODE_REFRESHED -> new CpuEvent.CodeRefreshed(t, cpu, seq,
                    CpuEvent.Serialising.values()[m.getCodeRefreshed().getCause() - 1], m.getCodeRefreshed().getPage());
            case CODE_TORN -> new CpuEvent.CodeTorn(t, cpu, seq, m.getCodeTorn().getAddress(), m.getCodeTorn().getLength());
            default -> throw new IllegalArgumentException("not a CPU event: " + m.getKindCase());
        };
    }

    /** Whether {@code m} holds a CPU event (its kind is one of the fields 10..29). */
    static boolean isCpuEvent(TraceProto.Event m) {
        int n = m.getKindCase().getNumber();
        return n >= 10 && n < 30;
    }

    /** Protobuf strings cannot be null: a missing text is written empty. */
    static String text(String s) {
        return s == null ? "" : s;
    }

    private static TraceProto.Interrupt.Builder interrupt(InterruptKind kind, int vector) {
        return TraceProto.Interrupt.newBuilder().setNmi(kind == InterruptKind.NMI).setMce(kind == InterruptKind.MCE)
                .setVector(vector);
    }

    private static InterruptKind kind(TraceProto.Interrupt i) {
        return i.getMce() ? InterruptKind.MCE : i.getNmi() ? InterruptKind.NMI : InterruptKind.IRQ;
    }
}
