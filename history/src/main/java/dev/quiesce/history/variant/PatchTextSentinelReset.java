package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.SharedWords;

/**
 * {@code aarch64_insn_patch_text_cb()} before Linux commit 899d5933b2dd: the master releases the others by setting
 * {@code cpu_count} to the sentinel −1 ({@code atomic_set}, a plain store), and they spin until they read −1. A CPU
 * that enters late turns −1 into 0 with its increment and spins forever.
 */
@ProtocolSpec(name = PatchTextSentinelReset.NAME,
        description = "arm64 patch_text before 899d5933b2dd: release by resetting cpu_count to -1")
public class PatchTextSentinelReset extends PatchTextCallback {

    /** The registered name. */
    public static final String NAME = "history.patch-text-sentinel-reset.buggy";

    /** The variant on the host of {@code ctx}. */
    public PatchTextSentinelReset(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected void signal(int cpu, long nowNs, SharedWords.Word cpuCount) {
        words().store(cpu, nowNs, cpuCount, -1, stepEvents());
    }

    @Override
    protected boolean releases(long value) {
        return value == -1;
    }
}
