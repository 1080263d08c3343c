package dev.quiesce.coordinator.protocol;

import dev.quiesce.splice.Granularity;

/**
 * No barrier at all: the action's stores land while every CPU runs — the baseline that shows why barriers exist
 * (docs/architecture.md §2 step 5). Stores are byte by byte by default (what a plain {@code memcpy} such as Xen's x86
 * {@code rep movsb} tail does) and at least 1 ns apart, so CPUs execute between two of them: a CPU can fetch a
 * half-written JMP, or run an old and a new function of one payload between two quiescence points.
 */
@ProtocolSpec(name = UnsafeNoBarrier.NAME, description = "stores while every CPU runs: the races, as a baseline")
public final class UnsafeNoBarrier extends WithoutStop {

    /** The registered name. */
    public static final String NAME = "unsafe.no-barrier";

    /** The protocol on the host of {@code ctx}. */
    public UnsafeNoBarrier(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected Granularity granularity(ProtocolContext.PatchPolicy policy) {
        return policy.granularityOr(Granularity.PER_BYTE);
    }

    @Override
    protected long spacingNs(ProtocolContext.PatchPolicy policy) {
        return Math.max(1, policy.storeSpacingNs());
    }
}
