package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.splice.registry.Action;

/**
 * An action to issue through the registry at a point of virtual time, as {@code xen-livepatch} would
 * (Xen's {@code XEN_SYSCTL_LIVEPATCH_ACTION} hypercall, handled by {@code livepatch_action()} in
 * xen/common/livepatch.c), made by CPU {@code cpu}.
 *
 * @param atNs      issued at the first quantum boundary at or after this time
 * @param payload   the uploaded payload's name
 * @param action    APPLY, REVERT or REPLACE
 * @param timeoutNs the rendezvous timeout; 0 means Xen's 30 ms
 * @param cpu       the CPU making the hypercall (the would-be master)
 * @param attempt   1 for the caller's first hypercall, 2… for its retries
 * @param nmiPolicy what happens to NMIs inside the rendezvous window (Xen: {@link NmiPolicy#SWALLOW},
 *                  {@code mask_nmi_callback} in xen/arch/x86/livepatch.c)
 */
public record ApplyRequest(long atNs, String payload, Action action, long timeoutNs, int cpu, int attempt,
                           NmiPolicy nmiPolicy) {

    public ApplyRequest {
        if (atNs < 0 || timeoutNs < 0 || cpu < 0 || attempt < 1) {
            throw new IllegalArgumentException("time, timeout and cpu must not be negative, attempts start at 1");
        }
        java.util.Objects.requireNonNull(nmiPolicy, "nmiPolicy");
    }

    /** A request with Xen's NMI policy ({@link NmiPolicy#SWALLOW}). */
    public ApplyRequest(long atNs, String payload, Action action, long timeoutNs, int cpu, int attempt) {
        this(atNs, payload, action, timeoutNs, cpu, attempt, NmiPolicy.DEFAULT);
    }

    /** APPLY of {@code payload} at {@code atNs} from CPU 0 with the default timeout. */
    public static ApplyRequest apply(long atNs, String payload) {
        return new ApplyRequest(atNs, payload, Action.APPLY, 0, 0, 1);
    }

    /** The same request with another timeout. */
    public ApplyRequest withTimeout(long ns) {
        return new ApplyRequest(atNs, payload, action, ns, cpu, attempt, nmiPolicy);
    }

    /** The same request with another NMI policy. */
    public ApplyRequest withNmiPolicy(NmiPolicy p) {
        return new ApplyRequest(atNs, payload, action, timeoutNs, cpu, attempt, p);
    }

    /** The caller's next attempt of this request, at {@code ns}. */
    public ApplyRequest retryAt(long ns) {
        return new ApplyRequest(ns, payload, action, timeoutNs, cpu, attempt + 1, nmiPolicy);
    }
}
