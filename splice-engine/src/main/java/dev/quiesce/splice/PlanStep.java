package dev.quiesce.splice;

/**
 * One step of a {@link StorePlan}: a {@link Store} of code bytes, or a {@link Sync} of every CPU (Linux:
 * {@code text_poke_sync()} in arch/x86/kernel/alternative.c, used by the int3 protocol).
 */
public sealed interface PlanStep permits Store, Sync {
}
