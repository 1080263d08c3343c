package dev.quiesce.host;

import dev.quiesce.guest.GuestLayout;

import java.util.List;

/**
 * The guest workload parameters written into the guest's {@code struct workload}
 * ({@code quiesce.host.workload} in reference.conf; field order is the C struct's).
 *
 * @param mceCalls what the guest's machine-check handler calls: an index into {@link #MCE_CALLS}
 * @param irqCalls what the guest's IRQ handler calls after its work: an index into {@link #MCE_CALLS} (0, none:
 *                 the CPUs enter {@code irq_handler}; otherwise {@code irq_handler_calls}, x86_vector_calls.c)
 */
public record WorkloadSettings(int weightHypercall, int weightLongWork, int weightIrqsOff, int weightIdle,
                               int longWorkIterations, int longWorkJitter, int irqsOffIterations,
                               int idleIterations, int deviceIrqIterations, int mceCalls, int irqCalls) {

    /** The legal values of {@code workload.mce-calls}, at the index of guest.h's {@code MCE_CALLS_*}. */
    public static final List<String> MCE_CALLS = List.of("none", "xen_extra_version", "xen_minor_version",
            "do_xen_version");

    /** Without a machine-check call setting: the handler calls {@code xen_extra_version}, as the NMI handler does. */
    public WorkloadSettings(int weightHypercall, int weightLongWork, int weightIrqsOff, int weightIdle,
                            int longWorkIterations, int longWorkJitter, int irqsOffIterations, int idleIterations,
                            int deviceIrqIterations) {
        this(weightHypercall, weightLongWork, weightIrqsOff, weightIdle, longWorkIterations, longWorkJitter,
                irqsOffIterations, idleIterations, deviceIrqIterations, 1, 0);
    }

    /** With the IRQ handler calling nothing patchable (the default). */
    public WorkloadSettings(int weightHypercall, int weightLongWork, int weightIrqsOff, int weightIdle,
                            int longWorkIterations, int longWorkJitter, int irqsOffIterations, int idleIterations,
                            int deviceIrqIterations, int mceCalls) {
        this(weightHypercall, weightLongWork, weightIrqsOff, weightIdle, longWorkIterations, longWorkJitter,
                irqsOffIterations, idleIterations, deviceIrqIterations, mceCalls, 0);
    }

    public WorkloadSettings {
        if (mceCalls < 0 || mceCalls >= MCE_CALLS.size()) {
            throw new IllegalArgumentException("mce-calls index " + mceCalls + "; legal: " + MCE_CALLS);
        }
        if (irqCalls < 0 || irqCalls >= MCE_CALLS.size()) {
            throw new IllegalArgumentException("irq-calls index " + irqCalls + "; legal: " + MCE_CALLS);
        }
    }

    /** The eleven 32-bit values in the order of {@code struct workload} (at {@link GuestLayout#WORKLOAD_FIELDS}). */
    public int[] asStructFields() {
        return new int[] {weightHypercall, weightLongWork, weightIrqsOff, weightIdle, longWorkIterations,
            longWorkJitter, irqsOffIterations, idleIterations, deviceIrqIterations, mceCalls, irqCalls};
    }
}
