package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.PatchingCpu;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.splice.Granularity;

/**
 * Linux's arm64 jump-label write from f6cc0c501649 ("arm64: Avoid calling stop_machine() when patching jump labels",
 * 2018) until cfb00a357864 (2024): {@code arch_jump_label_transform()} (arch/arm64/kernel/jump_label.c) swaps a
 * {@code NOP} and a {@code B} with {@code aarch64_insn_patch_text_nosync()} — one aligned 4-byte store and the cache
 * maintenance to the point of unification ({@code caches_clean_inval_pou}, arch/arm64/kernel/patching.c) — and
 * nothing else: no other CPU is made to execute a context synchronisation event, so a CPU may keep executing the
 * old instruction for as long as it takes no exception (docs/history.md, arm64-jump-label-visible). The writing CPU
 * is the requester; it leaves synchronised (the maintenance routine ends with {@code isb}).
 */
@ProtocolSpec(name = "history.arm64-jump-label-visible.buggy",
        description = "arm64 jump labels before cfb00a357864: B/NOP written and maintained, no CPU synchronised")
public class Arm64JumpLabelNosync extends PatchingCpu {

    /** The protocol on the host of {@code ctx}. */
    public Arm64JumpLabelNosync(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected boolean irqsOffWhilePatching() {
        return false;
    }

    @Override
    protected boolean syncBeforeIrqsOn() {
        return true;
    }

    @Override
    protected Granularity granularity(ProtocolContext.PatchPolicy policy) {
        return Granularity.WHOLE_SITE; // one aligned word: A64 instruction writes are single-copy atomic
    }
}
