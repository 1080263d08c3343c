package dev.quiesce.splice;

import java.util.List;

/**
 * A splice as a plan before it is an effect: the ordered steps (stores and syncs) that turn every site's bytes
 * into its final bytes, so that a simulator can interleave other CPUs between them (Xen performs the equivalent
 * of one {@link Granularity#WHOLE_SITE} plan in {@code apply_payload()}, xen/common/livepatch.c).
 *
 * @param steps   the steps, in the order they are performed
 * @param changes per site, the bytes before and after the whole plan (for rollback and oracles); may be empty
 *                for a hand-made plan
 */
public record StorePlan(List<PlanStep> steps, List<SiteChange> changes) {

    public StorePlan {
        steps = List.copyOf(steps);
        changes = List.copyOf(changes);
    }

    /** A hand-made plan of {@code steps}, with no site changes recorded. */
    public StorePlan(List<PlanStep> steps) {
        this(steps, List.of());
    }

    /** The plan that does nothing. */
    /**
     * The steps of {@code granularity} that turn each change's {@code before} into its {@code after} in order,
     * for memory as it is now (a protocol replaying captured changes at its own pace).
     */
    public static StorePlan of(dev.quiesce.emulator.memory.GuestMemory memory, List<SiteChange> changes,
                               Granularity granularity) {
        return new StorePlan(PlanRenderer.render(memory, changes, granularity), changes);
    }

    public static StorePlan empty() {
        return new StorePlan(List.of(), List.of());
    }

    /** The stores, in order. */
    public List<Store> stores() {
        return steps.stream().filter(Store.class::isInstance).map(Store.class::cast).toList();
    }

    /** The number of {@link Sync} steps. */
    public int syncCount() {
        return (int) steps.stream().filter(Sync.class::isInstance).count();
    }

    /** Whether the plan has no steps. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
