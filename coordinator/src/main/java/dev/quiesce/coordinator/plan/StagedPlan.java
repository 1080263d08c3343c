package dev.quiesce.coordinator.plan;

import dev.quiesce.host.HostProbes;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.X86;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.PlanStep;
import dev.quiesce.splice.SiteChange;
import dev.quiesce.splice.Store;
import dev.quiesce.splice.StorePlan;
import dev.quiesce.splice.Sync;
import dev.quiesce.splice.X86_64Isa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Captured changes replayed one step at a time: stores of a {@link Granularity}, or for {@link Granularity#INT3}
 * Linux's batched {@code text_poke_bp_batch()} (arch/x86/kernel/alternative.c): an int3 on every site, sync, every
 * tail, sync, every first byte, sync — three sync rounds per batch. While an int3 sits on a site the host's CPUs
 * emulate it as the old or the new instruction ({@link Int3Emulation}) — in Java, or in the guest's handler reading
 * a {@link PokeDescriptor} this plan publishes and tears down in the {@link PokeDescriptor.Order} it is given.
 * Tracks which sites are in flight (first store done, last not yet), what {@code NoTornFetch} watches. Each store
 * comes with its cache maintenance ({@link GuestMemory#maintainCode}; only {@code xmc = arm} sees it), as Xen's
 * {@code arch_livepatch_apply()} cleans each site it writes (xen/arch/arm/arm64/livepatch.c) and Linux's
 * {@code aarch64_insn_patch_text_nosync()} each instruction (arch/arm64/kernel/patching.c); the CPUs observe the
 * stores at their next context synchronisation event (docs/cross-modifying-code.md, "arm").
 */
public final class StagedPlan {

    private final GuestMemory memory;
    private final HostProbes probes;
    private final List<SiteChange> changes;
    private final List<PlanStep> steps = new ArrayList<>();
    private final List<Integer> owner = new ArrayList<>();
    private final int[] remaining;
    private final boolean[] started;
    private final boolean int3;
    private final PokeDescriptor descriptor;
    private PokeDescriptor.Order order = PokeDescriptor.Order.CORRECT;
    private boolean maintain = true;
    private int syncsPassed;
    private int next;

    /** The replay of {@code changes} (memory holds their {@code before} bytes) with {@code granularity}. */
    public StagedPlan(GuestMemory memory, HostProbes probes, List<SiteChange> changes, Granularity granularity) {
        this(memory, probes, changes, granularity, null);
    }

    /**
     * As {@link #StagedPlan(GuestMemory, HostProbes, List, Granularity)}; for {@link Granularity#INT3} with a
     * {@code descriptor} (non-null: the guest handles the int3s) it is published and torn down around the int3s.
     */
    public StagedPlan(GuestMemory memory, HostProbes probes, List<SiteChange> changes, Granularity granularity,
                      PokeDescriptor descriptor) {
        this.descriptor = granularity == Granularity.INT3 ? descriptor : null;
        this.memory = memory;
        this.probes = probes;
        this.changes = List.copyOf(changes);
        this.int3 = granularity == Granularity.INT3;
        this.remaining = new int[changes.size()];
        this.started = new boolean[changes.size()];
        if (int3) {
            batchInt3();
        } else {
            for (int i = 0; i < this.changes.size(); i++) { // rendered per change: earlier changes may overlap
                for (PlanStep s : StorePlan.of(memory, List.of(this.changes.get(i)), granularity).steps()) {
                    add(s, i);
                }
            }
        }
    }

    private void batchInt3() {
        int n = changes.size();
        for (int i = 0; i < n; i++) {
            add(new Store(changes.get(i).address(), new byte[] {X86.INT3}), i);
        }
        add(Sync.ALL, -1);
        boolean tails = false;
        for (int i = 0; i < n; i++) {
            byte[] after = changes.get(i).after();
            if (after.length > 1) {
                add(new Store(changes.get(i).address() + 1, Arrays.copyOfRange(after, 1, after.length)), i);
                tails = true;
            }
        }
        if (tails) {
            add(Sync.ALL, -1);
        }
        for (int i = 0; i < n; i++) {
            add(new Store(changes.get(i).address(), new byte[] {changes.get(i).after()[0]}), i);
        }
        add(Sync.ALL, -1);
    }

    private void add(PlanStep s, int change) {
        steps.add(s);
        owner.add(change);
        if (change >= 0) {
            remaining[change]++;
        }
    }

    /**
     * Publishes and tears the guest's patch descriptor down in {@code o} (a variant's choice; call before the first
     * step). Without a descriptor (Java handles the int3s) nothing changes.
     */
    public StagedPlan descriptorOrder(PokeDescriptor.Order o) {
        if (next > 0) {
            throw new IllegalStateException("the descriptor order is chosen before the first step");
        }
        this.order = java.util.Objects.requireNonNull(o, "o");
        return this;
    }

    /**
     * Stores without their cache maintenance (a variant's choice, before the first step): a patcher that writes
     * instructions and never cleans and invalidates the caches, whose stores {@code xmc = arm} lets no CPU fetch
     * (docs/cross-modifying-code.md, "arm"). Every other model fetches them as before.
     */
    public StagedPlan withoutMaintenance() {
        if (next > 0) {
            throw new IllegalStateException("the maintenance is chosen before the first step");
        }
        this.maintain = false;
        return this;
    }

    /** Whether every step was performed. */
    public boolean done() {
        return next == steps.size();
    }

    /** Whether the next step is a sync round (all CPUs must serialise before the plan goes on). */
    public boolean atSync() {
        return !done() && steps.get(next) instanceof Sync;
    }

    /** Stores still to perform. */
    public int storesLeft() {
        int n = 0;
        for (int i = next; i < steps.size(); i++) {
            n += steps.get(i) instanceof Store ? 1 : 0;
        }
        return n;
    }

    /** Sync rounds in the whole plan. */
    public int syncRounds() {
        return (int) steps.stream().filter(s -> s instanceof Sync).count();
    }

    /** Performs the next step (a store, or passes a completed sync round) and returns it. */
    public PlanStep advance() {
        if (done()) {
            throw new IllegalStateException("the plan is complete");
        }
        PlanStep s = steps.get(next);
        int c = owner.get(next);
        if (descriptor != null && next == 0 && order != PokeDescriptor.Order.PUBLISH_AFTER_INT3) {
            descriptor.publish(changes); // before the first int3 (Linux: smp_store_release(&bp_desc, &desc))
        }
        next++;
        if (s instanceof Sync && descriptor != null) {
            syncPassed();
        }
        if (s instanceof Store st) {
            SiteChange change = changes.get(c);
            if (int3 && st.address() == change.address() && st.length() == 1 && st.bytes()[0] == X86.INT3
                    && !started[c]) {
                probes.emulateInt3(change.address(), Int3Emulation.target(change));
            }
            memory.writeCode(st.address(), st.bytes());
            if (maintain) {
                memory.maintainCode(st.address(), st.length()); // Arm: the store's cache maintenance (a no-op on x86)
            }
            started[c] = true;
            remaining[c]--;
            if (int3 && remaining[c] == 0) {
                probes.clearInt3(change.address());
            }
        }
        return s;
    }

    private void syncPassed() {
        syncsPassed++;
        int last = syncRounds();
        if (order == PokeDescriptor.Order.PUBLISH_AFTER_INT3 && syncsPassed == 1) {
            descriptor.publish(changes);
        }
        if (syncsPassed == last || order == PokeDescriptor.Order.TEARDOWN_BEFORE_LAST_SYNC && syncsPassed == 1) {
            descriptor.tearDown(); // Linux: after the last text_poke_sync(), WRITE_ONCE(bp_desc, NULL)
        }
    }

    /** Performs every remaining step at once (sync rounds need nobody: every CPU is held). */
    public void finish() {
        while (!done()) {
            advance();
        }
    }

    /** The sites whose first store was made and last was not: a fetch overlapping one is torn. */
    public List<InFlight> inFlight() {
        List<InFlight> out = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (started[i] && remaining[i] > 0) {
                SiteChange c = changes.get(i);
                out.add(new InFlight(c.address(), c.length(), int3, int3 ? Int3Emulation.target(c) : -1));
            }
        }
        return out;
    }

    /** Every change of the plan (what {@code NoCodeChangeAfterAbort} and {@code AllOrNothing} compare). */
    public List<SiteChange> changes() {
        return changes;
    }

    /**
     * A site between its first and last store.
     *
     * @param int3Guarded whether its first byte is an emulated int3 (executing exactly that byte is safe)
     */
    public record InFlight(long address, int length, boolean int3Guarded, long int3Target) {
    }
}
