package dev.quiesce.coordinator.protocol;

import dev.quiesce.host.CanonicalEncoder;
import dev.quiesce.splice.registry.Action;

/**
 * The canonical encoding of a rendezvous step as the trace hash sees it: a tag of 0x40–0x5f, then {@code time} and
 * the step's own fields in declaration order (see {@link CanonicalEncoder}); enums by explicit codes, the action by
 * its number in Xen's sysctl ABI. Pinned byte for byte by {@code RendezvousEventEncodingTest}.
 */
public final class RendezvousEventEncoding {

    private RendezvousEventEncoding() {
    }

    /** The encoding of {@code e}. */
    public static byte[] encode(RendezvousEvent e) {
        CanonicalEncoder out = new CanonicalEncoder().tag(tag(e)).varint(e.time());
        switch (e) {
            case RendezvousEvent.MasterElected m -> out.varint(m.cpu()).varint(m.deadline());
            case RendezvousEvent.IpiSent i -> out.varint(i.others());
            case RendezvousEvent.PhaseStarted p -> out.code(code(p.phase()));
            case RendezvousEvent.Arrived a -> out.varint(a.cpu());
            case RendezvousEvent.NmiLost n -> out.varint(n.cpu()).bool(n.swallowed());
            case RendezvousEvent.IrqsOff o -> out.varint(o.cpu());
            case RendezvousEvent.ActionDone a -> out.string(a.payload()).code(actionCode(a.action()));
            case RendezvousEvent.TimedOut t -> out.code(code(t.phase())).varint(t.arrived()).varint(t.of());
            case RendezvousEvent.Released r -> { }
            case RendezvousEvent.Stored s -> out.fixed64(s.address()).varint(s.length());
            case RendezvousEvent.SyncDone s -> out.varint(s.round()).varint(s.started());
            case RendezvousEvent.AllStopped s -> out.varint(s.cpus());
            case RendezvousEvent.StackBusy s -> out.varint(s.cpu()).string(s.function()).varint(s.frame())
                    .fixed64(s.address());
            case RendezvousEvent.Switched s -> out.varint(s.cpu());
            case RendezvousEvent.NmiInPatchedFunction n -> out.varint(n.cpu()).string(n.function());
            case RendezvousEvent.RunEnded r -> out.string(r.oracle());
            case RendezvousEvent.Aborted a -> out.svarint(a.rc()).string(a.reason());
            case RendezvousEvent.WordWritten w -> out.varint(w.cpu()).string(w.word()).svarint(w.value())
                    .code(code(w.kind()));
        }
        return out.toBytes();
    }

    private static int tag(RendezvousEvent e) {
        return switch (e) {
            case RendezvousEvent.MasterElected m -> 0x40;
            case RendezvousEvent.IpiSent i -> 0x41;
            case RendezvousEvent.PhaseStarted p -> 0x42;
            case RendezvousEvent.Arrived a -> 0x43;
            case RendezvousEvent.NmiLost n -> 0x44;
            case RendezvousEvent.IrqsOff o -> 0x45;
            case RendezvousEvent.ActionDone a -> 0x46;
            case RendezvousEvent.TimedOut t -> 0x47;
            case RendezvousEvent.Released r -> 0x48;
            case RendezvousEvent.Stored s -> 0x49;
            case RendezvousEvent.SyncDone s -> 0x4a;
            case RendezvousEvent.AllStopped s -> 0x4b;
            case RendezvousEvent.StackBusy s -> 0x4c;
            case RendezvousEvent.Switched s -> 0x4d;
            case RendezvousEvent.NmiInPatchedFunction n -> 0x4e;
            case RendezvousEvent.RunEnded r -> 0x4f;
            case RendezvousEvent.Aborted a -> 0x50;
            case RendezvousEvent.WordWritten w -> 0x51;
        };
    }

    /** The stable code of a phase. */
    static int code(RendezvousEvent.Phase p) {
        return switch (p) {
            case CPU -> 1;
            case IRQ -> 2;
        };
    }

    /** The stable code of a word write's kind. */
    static int code(RendezvousEvent.WordWritten.Kind k) {
        return switch (k) {
            case STORE -> 1;
            case PUBLISHED -> 2;
            case ATOMIC -> 3;
        };
    }

    /** The code of an action named by {@link Action#name()}: its sysctl number. */
    static int actionCode(String action) {
        try {
            return Action.valueOf(action).number();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a livepatch action: '" + action + "'", e);
        }
    }
}
