package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.emulator.unicorn.FaultKind;

/**
 * The canonical encoding of a CPU's events and of the host's end-of-run counters, as the trace hash sees them: tag,
 * then {@code time, cpu, seq} as varints, then the event's own fields in declaration order (see
 * {@link CanonicalEncoder}). Tags 0x01–0x1f belong to the host; the coordinator's events use 0x20 and up.
 * Pinned byte for byte by {@code CpuEventEncodingTest}.
 */
public final class CpuEventEncoding {

    /**
     * Tag of a {@link CpuEvent.Probe} hit inside a machine-check handler: the same fields as an ordinary probe
     * (tag 0x08), under a tag of its own so that a trace without machine checks keeps its bytes.
     */
    public static final int PROBE_IN_MCE = 0x0b;

    /** Tag of a CPU's instructions-retired counter at the end of the run (not an event). */
    public static final int RETIRED = 0x10;

    private CpuEventEncoding() {
    }

    /** Writes {@code e} to {@code out} (after a {@link CanonicalEncoder#reset()}). */
    public static CanonicalEncoder encode(CpuEvent e, CanonicalEncoder out) {
        out.tag(tag(e)).varint(e.time()).varint(e.cpu()).varint(e.seq());
        switch (e) {
            case CpuEvent.Quiescence q -> out.fixed64(q.pc());
            case CpuEvent.InterruptEntry i -> out.code(code(i.kind())).varint(i.vector()).fixed64(i.interruptedPc())
                    .fixed64(i.interruptedFlags());
            case CpuEvent.InterruptExit i -> out.code(code(i.kind())).varint(i.vector());
            case CpuEvent.InterruptLost i -> out.code(code(i.kind())).varint(i.vector());
            case CpuEvent.IrqsOff o -> { }
            case CpuEvent.NmiSwallowed n -> out.varint(n.vector());
            case CpuEvent.Probe p -> out.fixed64(p.pc()).varint(p.size()).bool(p.nmi()).bool(p.irq());
            case CpuEvent.Int3Emulated t -> out.fixed64(t.pc()).fixed64(t.target());
            case CpuEvent.Stopped s -> out.words(s.stack());
            case CpuEvent.CodeRefreshed r -> out.code(r.cause().code()).fixed64(r.page());
            case CpuEvent.CodeTorn t -> out.fixed64(t.address()).varint(t.length());
            case CpuEvent.Fault f -> out.code(code(f.kind())).fixed64(f.pc()).string(f.where()).string(f.detail());
        }
        return out;
    }

    /** The encoding of {@code e} on its own. */
    public static byte[] encode(CpuEvent e) {
        return encode(e, new CanonicalEncoder()).toBytes();
    }

    /** Writes CPU {@code cpu}'s count of instructions retired by the end of the run. */
    public static CanonicalEncoder retired(int cpu, long count, CanonicalEncoder out) {
        return out.tag(RETIRED).varint(cpu).varint(count);
    }

    private static int tag(CpuEvent e) {
        return switch (e) {
            case CpuEvent.Quiescence q -> 0x01;
            case CpuEvent.InterruptEntry i -> 0x02;
            case CpuEvent.InterruptExit i -> 0x03;
            case CpuEvent.InterruptLost i -> 0x04;
            case CpuEvent.Fault f -> 0x05;
            case CpuEvent.IrqsOff o -> 0x06;
            case CpuEvent.NmiSwallowed n -> 0x07;
            case CpuEvent.Probe p -> p.mce() ? PROBE_IN_MCE : 0x08;
            case CpuEvent.Int3Emulated t -> 0x09;
            case CpuEvent.Stopped s -> 0x0a;
            case CpuEvent.CodeRefreshed r -> 0x11;
            case CpuEvent.CodeTorn t -> 0x12;
        };
    }

    /** The stable code of an interrupt kind. */
    static int code(InterruptKind k) {
        return switch (k) {
            case IRQ -> 1;
            case NMI -> 2;
            case MCE -> 3;
        };
    }

    /** The stable code of a fault kind. */
    static int code(FaultKind k) {
        return switch (k) {
            case UNMAPPED_FETCH -> 1;
            case UNMAPPED_ACCESS -> 2;
            case PROTECTION -> 3;
            case INVALID_INSTRUCTION -> 4;
            case BUDGET_EXHAUSTED -> 5;
            case BREAKPOINT -> 6;
            case OTHER -> 7;
        };
    }
}
