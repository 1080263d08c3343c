package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;
import dev.quiesce.coordinator.protocol.SharedWords;

/**
 * {@code aarch64_insn_patch_text_cb()} as Linux commit 899d5933b2dd fixed it: the master signals with one more
 * increment ({@code atomic_inc}), and the others spin while {@code cpu_count <= num_online_cpus()}, so they leave
 * only once every CPU, late ones included, has entered: the count then reaches {@code num_online_cpus() + 1}.
 */
@ProtocolSpec(name = PatchTextExtraIncrement.NAME,
        description = "arm64 patch_text after 899d5933b2dd: the master's extra increment releases")
public class PatchTextExtraIncrement extends PatchTextCallback {

    /** The registered name. */
    public static final String NAME = "history.patch-text-sentinel-reset.fixed";

    /** The variant on the host of {@code ctx}. */
    public PatchTextExtraIncrement(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected void signal(int cpu, long nowNs, SharedWords.Word cpuCount) {
        words().fetchAdd(cpu, nowNs, cpuCount, 1, stepEvents());
    }

    @Override
    protected boolean releases(long value) {
        return value > cpus();
    }
}
