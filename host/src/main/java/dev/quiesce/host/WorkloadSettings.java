package dev.quiesce.host;

import dev.quiesce.guest.GuestLayout;

/**
 * The guest workload parameters written into the guest's {@code struct workload}
 * ({@code quiesce.host.workload} in reference.conf; field order is the C struct's).
 */
public record WorkloadSettings(int weightHypercall, int weightLongWork, int weightIrqsOff, int weightIdle,
                               int longWorkIterations, int longWorkJitter, int irqsOffIterations,
                               int idleIterations, int deviceIrqIterations) {

    /** The nine 32-bit values in the order of {@code struct workload} (at {@link GuestLayout#WORKLOAD_FIELDS}). */
    public int[] asStructFields() {
        return new int[] {weightHypercall, weightLongWork, weightIrqsOff, weightIdle, longWorkIterations,
            longWorkJitter, irqsOffIterations, idleIterations, deviceIrqIterations};
    }
}
