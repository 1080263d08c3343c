package dev.quiesce.fleet.rollout;

import dev.quiesce.host.CanonicalEncoder;

import java.util.List;

/**
 * The canonical encoding of the fleet trace's records (see {@link CanonicalEncoder}): the rollout's start (tag 0x01),
 * a host's outcome (0x02) and a wave with its decision (0x03), fields in a fixed order, enums by explicit codes, the
 * action by its number in Xen's sysctl ABI. The outcome's free-text detail is not hashed (the cause is), nor is the
 * decision's wording (its {@link WaveDecision} is). Pinned byte for byte by {@code FleetTraceEncodingTest}.
 */
final class FleetTraceEncoding {

    private FleetTraceEncoding() {
    }

    /** The rollout's start: {@code hosts} hosts, the payload {@code stack}, the planned wave sizes. */
    static byte[] start(int hosts, List<String> stack, List<Integer> waveSizes) {
        return new CanonicalEncoder().tag(0x01).varint(hosts).strings(stack).varints(waveSizes).toBytes();
    }

    /** A host's outcome. */
    static byte[] outcome(HostOutcome o) {
        return new CanonicalEncoder().tag(0x02).varint(o.host()).code(o.action().number()).strings(o.done())
                .code(code(o.cause())).varint(o.durationNs()).varint(o.attempts()).toBytes();
    }

    /** A settled wave and the decision taken after it. */
    static byte[] wave(WaveReport w, WaveDecision d) {
        return new CanonicalEncoder().tag(0x03).varint(w.number()).code(code(w.kind())).varint(w.startNs())
                .varint(w.tookNs()).varint(w.attempted()).varint(w.succeeded()).code(d.step().code())
                .svarint(d.violationHost()).varint(d.rollBack()).toBytes();
    }

    /** The stable code of a failure cause. */
    static int code(FailureCause c) {
        return switch (c) {
            case NONE -> 0;
            case TIMEOUT_CPU -> 1;
            case TIMEOUT_IRQ -> 2;
            case EXPECTATION -> 3;
            case VIOLATION -> 4;
            case ABORTED -> 5;
            case REFUSED -> 6;
            case UNSETTLED -> 7;
        };
    }

    /** The stable code of a wave's kind. */
    static int code(WaveReport.Kind k) {
        return switch (k) {
            case ROLLOUT -> 1;
            case ROLLBACK -> 2;
        };
    }
}
