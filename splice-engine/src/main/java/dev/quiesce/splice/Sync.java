package dev.quiesce.splice;

/**
 * The int3 protocol's "sync all CPUs": every CPU serialises and drops its cached translation of patched code
 * before the next store (Linux: {@code text_poke_sync()}, {@code on_each_cpu(do_sync_core)}, in
 * arch/x86/kernel/alternative.c).
 */
public record Sync() implements PlanStep {

    /** The one sync step. */
    public static final Sync ALL = new Sync();
}
