package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.host.HostProbes;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.registry.QuiescedAction;

import java.util.List;
import java.util.Objects;

/**
 * What a protocol gets from its host: the CPU count, guest memory (per-CPU flags, trampolines), the probes, a way
 * to run the registry's action and get its stores back as a {@link StagedPlan}, the patch policy, and the rendezvous
 * words that its CPUs race on ({@link SharedWords}, in guest memory with a stated memory model).
 *
 * @param cpus    the host's CPUs
 * @param memory  the host's memory, or null for a protocol driven without a machine (unit tests)
 * @param probes  the host's probes and int3 sites
 * @param stager  runs an action's quiesced work and returns its stores to replay
 * @param policy  granularity and store spacing
 * @param layout  where per-CPU data and trampolines live, or null without a machine
 * @param words   the rendezvous words of this host (one set per protocol instance)
 */
public record ProtocolContext(int cpus, GuestMemory memory, HostProbes probes, Stager stager, PatchPolicy policy,
                              HostLayout layout, SharedWords words) {

    public ProtocolContext {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be positive");
        }
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(stager, "stager");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(words, "words");
    }

    /**
     * A context whose words live at {@code layout.rendezvousWords()} in {@code memory}, or in Java without a
     * machine (no memory, no layout, or a layout without words).
     */
    public ProtocolContext(int cpus, GuestMemory memory, HostProbes probes, Stager stager, PatchPolicy policy,
                           HostLayout layout) {
        this(cpus, memory, probes, stager, policy, layout,
                memory == null || layout == null || layout.rendezvousWords() == 0 ? SharedWords.detached(cpus)
                        : SharedWords.inGuest(cpus, memory, layout.rendezvousWords()));
    }

    /** Runs {@link QuiescedAction#quiesced()} and hands back its stores, memory restored to before them. */
    @FunctionalInterface
    public interface Stager {
        StagedPlan capture(QuiescedAction action, Granularity granularity);
    }

    /**
     * Guest addresses a protocol may need.
     *
     * @param percpuBase     {@code percpu[0]}; each CPU's %gs base is its own entry
     * @param percpuStride   bytes per CPU
     * @param universeOffset offset in {@code struct percpu} of the lazy protocol's universe byte
     * @param trampolines    start of a writable-executable area for dispatch trampolines
     * @param trampolineSize its size
     * @param rendezvousWords the guest's {@code quiesce_rendezvous} (0: none; the words then live in Java)
     * @param arch           the instruction set of the host's code (what a protocol's trampolines are written in)
     */
    public record HostLayout(long percpuBase, long percpuStride, long universeOffset, long trampolines,
                             long trampolineSize, long rendezvousWords, dev.quiesce.isa.Arch arch) {

        /** An x86-64 layout. */
        public HostLayout(long percpuBase, long percpuStride, long universeOffset, long trampolines,
                          long trampolineSize, long rendezvousWords) {
            this(percpuBase, percpuStride, universeOffset, trampolines, trampolineSize, rendezvousWords,
                    dev.quiesce.isa.Arch.X86_64);
        }

        /** An x86-64 layout without rendezvous words in the guest. */
        public HostLayout(long percpuBase, long percpuStride, long universeOffset, long trampolines,
                          long trampolineSize) {
            this(percpuBase, percpuStride, universeOffset, trampolines, trampolineSize, 0);
        }
    }

    /**
     * How stores are made, and how finely time is cut around them.
     *
     * @param granularity       the store granularity, or null for the protocol's own default
     * @param storeSpacingNs    virtual time between two stores of a plan (0: all at one boundary)
     * @param irqPhaseQuantumNs the quantum while a rendezvous is in its IRQ phase (0: the host's quantum), so that
     *                          each CPU's IRQs-off instant and the pause are measured below one quantum
     */
    public record PatchPolicy(Granularity granularity, long storeSpacingNs, long irqPhaseQuantumNs) {
        public PatchPolicy {
            if (storeSpacingNs < 0 || irqPhaseQuantumNs < 0) {
                throw new IllegalArgumentException("store spacing and IRQ-phase quantum must not be negative");
            }
        }

        /** With the host's quantum in the IRQ phase. */
        public PatchPolicy(Granularity granularity, long storeSpacingNs) {
            this(granularity, storeSpacingNs, 0);
        }

        /** Each protocol's default granularity, stores at one boundary. */
        public static PatchPolicy defaults() {
            return new PatchPolicy(null, 0);
        }

        /** The granularity, or {@code fallback} when none was chosen. */
        public Granularity granularityOr(Granularity fallback) {
            return granularity == null ? fallback : granularity;
        }
    }

    /** A context without a machine: the action's stores happen at once and nothing is replayed. */
    public static ProtocolContext detached(int cpus) {
        return new ProtocolContext(cpus, null, new HostProbes(), (a, g) -> {
            a.quiesced();
            return new StagedPlan(null, new HostProbes(), List.of(), g);
        }, PatchPolicy.defaults(), null);
    }
}
