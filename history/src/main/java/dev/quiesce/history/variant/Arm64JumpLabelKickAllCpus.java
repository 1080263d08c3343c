package dev.quiesce.history.variant;

import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;

/**
 * Linux's arm64 jump labels from cfb00a357864 ("arm64: jump_label: Ensure patched jump_labels are visible to all
 * CPUs", 2024): the writes are queued ({@code arch_jump_label_transform_queue()}, the same nosync store and
 * maintenance) and {@code arch_jump_label_transform_apply()} ends the batch with {@code kick_all_cpus_sync()} — an
 * IPI every CPU takes and waits for, each entry an exception, so a context synchronisation event on every CPU
 * before the key counts as flipped (docs/history.md, arm64-jump-label-visible).
 */
@ProtocolSpec(name = "history.arm64-jump-label-visible.fixed",
        description = "arm64 jump labels from cfb00a357864: the batch ends with kick_all_cpus_sync()")
public final class Arm64JumpLabelKickAllCpus extends Arm64JumpLabelNosync {

    /** The protocol on the host of {@code ctx}. */
    public Arm64JumpLabelKickAllCpus(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected StagedPlan prepare(StagedPlan plan) {
        return plan.withFinalSync();
    }

    @Override
    protected boolean syncByIpi() {
        return true;
    }
}
