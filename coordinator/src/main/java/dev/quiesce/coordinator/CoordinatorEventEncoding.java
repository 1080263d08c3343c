package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.host.CanonicalEncoder;

/**
 * The canonical encoding of the host coordinator's own steps as the trace hash sees them (tags 0x20–0x3f, see
 * {@link CanonicalEncoder}): a request issued through the registry and what it answered, a straggler set off, the
 * violation that ended the run. The rendezvous steps are {@link dev.quiesce.coordinator.protocol.RendezvousEventEncoding}'s.
 * Pinned byte for byte by {@code CoordinatorEventEncodingTest}.
 */
public final class CoordinatorEventEncoding {

    /** Tag of a request issued. */
    static final int ISSUED = 0x20;
    /** Tag of a straggler set off. */
    static final int STRAGGLER = 0x21;
    /** Tag of the violation that ended the run. */
    static final int VIOLATION = 0x22;

    private CoordinatorEventEncoding() {
    }

    /** Request {@code r} issued at {@code nowNs}; the registry answered {@code rc}. */
    public static byte[] issued(ApplyRequest r, long nowNs, int rc) {
        return new CanonicalEncoder().tag(ISSUED).varint(nowNs).varint(r.atNs()).string(r.payload())
                .code(r.action().number()).varint(r.timeoutNs()).varint(r.cpu()).varint(r.attempt())
                .code(code(r.nmiPolicy())).svarint(rc).toBytes();
    }

    /** Straggler {@code s} set off at {@code nowNs}. */
    public static byte[] straggler(HostCoordinator.Straggler s, long nowNs) {
        return new CanonicalEncoder().tag(STRAGGLER).varint(nowNs).varint(s.cpu()).varint(s.atNs())
                .varint(s.iterations()).toBytes();
    }

    /** Violation {@code v}, which ended the run. */
    public static byte[] violation(Violation v) {
        return new CanonicalEncoder().tag(VIOLATION).string(v.oracle()).varint(v.timeNs()).svarint(v.cpu())
                .string(v.message()).toBytes();
    }

    /** The stable code of an NMI policy. */
    static int code(NmiPolicy p) {
        return switch (p) {
            case SWALLOW -> 1;
            case DEFER -> 2;
            case NONE -> 3;
            case ABORT -> 4;
        };
    }
}
