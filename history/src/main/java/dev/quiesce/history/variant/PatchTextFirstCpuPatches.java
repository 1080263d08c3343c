package dev.quiesce.history.variant;

import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.ProtocolSpec;

/**
 * Linux's {@code patch_text} on stop_machine before commit 31a099dbd91e ("patch_text: Fixup last cpu should be
 * master", 2022; arm64, riscv, csky, xtensa), modelled on x86; the buggy variant of the history case
 * {@code patch-text-first-cpu-patches}. The callback's {@code if (atomic_inc_return(&cpu_count) == 1)} made the
 * first CPU to enter it the patcher: it wrote the instructions at once, while the other CPUs were still on their
 * way into the callback, running code that may be a patch target. Here: the first CPU to reach its quiescence point
 * waits for nobody ({@link #waitsFor} is false), so the stores land while the others still run their workload up to
 * their own quiescence point.
 */
@ProtocolSpec(name = PatchTextFirstCpuPatches.NAME,
        description = "history: patch_text before 31a099dbd91e (the first CPU to arrive patches)")
public final class PatchTextFirstCpuPatches extends PatchTextLastCpuPatches {

    /** The registered name. */
    public static final String NAME = "history.patch-text-first-cpu-patches.buggy";

    /** The protocol on the host of {@code ctx}. */
    public PatchTextFirstCpuPatches(ProtocolContext ctx) {
        super(ctx);
    }

    /** The bug: the first arriver patches without waiting for anyone. */
    @Override
    protected boolean waitsFor(int cpu) {
        return false;
    }
}
