package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.RendezvousEvent;

import java.util.Arrays;
import java.util.List;

/**
 * What became of one {@link ApplyRequest}, measured from the rendezvous's events (Xen's outcome of
 * {@code do_livepatch_work()}, xen/common/livepatch.c: the payload's rc and the master's log line). Times are
 * virtual nanoseconds; -1 where a step did not happen.
 *
 * @param request      the request
 * @param result       what became of the attempt ({@link ApplyResult}: done, timed-out, aborted, refused or
 *                     cut-short)
 * @param rc           the payload's rc afterwards (0, -EBUSY, …), or the hypercall's error when refused
 * @param message      the master's log line or the refusal's message
 * @param issuedNs     the boundary at which the hypercall was made
 * @param master       the master CPU
 * @param masterNs     when it became master (the deadline starts there)
 * @param deadlineNs   the one deadline of both phases
 * @param arrivalNs    per CPU, when it arrived at its quiescence point (the master: when it became master)
 * @param irqsOffNs    per CPU, when it disabled its IRQs
 * @param lostNmis     per CPU, NMIs lost inside the window (from the master's {@code arch_livepatch_mask()} to the
 *                     release): swallowed by {@code mask_nmi_callback} (xen/arch/x86/livepatch.c) under
 *                     {@code swallow}, or arriving while one was already latched
 * @param cpuPhaseNs   when the CPU phase began (the IPIs)
 * @param irqPhaseNs   when the IRQ phase began
 * @param actionNs     when the action ran
 * @param releasedNs   when everyone was released
 * @param events       the rendezvous's events, in order
 * @param late         when the attempt ran out of time (a rendezvous deadline, stop_machine's timeout), each CPU it
 *                     waited for in vain with where it was ({@link LateCpu}), in CPU order; empty otherwise and on a
 *                     modelled host. A report field: it is not part of the trace hash
 */
public record ApplyOutcome(ApplyRequest request, ApplyResult result, int rc, String message, long issuedNs, int master,
                           long masterNs, long deadlineNs, long[] arrivalNs, long[] irqsOffNs, long[] lostNmis, long cpuPhaseNs,
                           long irqPhaseNs, long actionNs, long releasedNs, List<RendezvousEvent> events,
                           List<LateCpu> late) {

    public ApplyOutcome {
        late = List.copyOf(late);
    }

    /** An outcome with no late CPUs. */
    public ApplyOutcome(ApplyRequest request, ApplyResult result, int rc, String message, long issuedNs, int master,
                        long masterNs, long deadlineNs, long[] arrivalNs, long[] irqsOffNs, long[] lostNmis,
                        long cpuPhaseNs, long irqPhaseNs, long actionNs, long releasedNs, List<RendezvousEvent> events) {
        this(request, result, rc, message, issuedNs, master, masterNs, deadlineNs, arrivalNs, irqsOffNs, lostNmis,
                cpuPhaseNs, irqPhaseNs, actionNs, releasedNs, events, List.of());
    }

    /** This outcome naming {@code late} as the CPUs it waited for in vain. */
    public ApplyOutcome withLate(List<LateCpu> late) {
        return new ApplyOutcome(request, result, rc, message, issuedNs, master, masterNs, deadlineNs, arrivalNs,
                irqsOffNs, lostNmis, cpuPhaseNs, irqPhaseNs, actionNs, releasedNs, events, late);
    }

    /** Builds the outcome from the events of one attempt (emulated or modelled host alike). */
    public static ApplyOutcome of(ApplyRequest request, int cpus, long issuedNs, int rc, String message,
                           List<RendezvousEvent> events) {
        long[] arrival = new long[cpus];
        long[] off = new long[cpus];
        Arrays.fill(arrival, -1);
        Arrays.fill(off, -1);
        long[] lost = new long[cpus];
        int master = -1;
        long masterNs = -1;
        long deadline = -1;
        long cpuPhase = -1;
        long irqPhase = -1;
        long action = -1;
        long released = -1;
        ApplyResult result = ApplyResult.DONE;
        for (RendezvousEvent e : events) {
            switch (e) {
                case RendezvousEvent.MasterElected m -> {
                    master = m.cpu();
                    masterNs = m.time();
                    deadline = m.deadline();
                    arrival[m.cpu()] = m.time();
                }
                case RendezvousEvent.IpiSent i -> { }
                case RendezvousEvent.PhaseStarted p -> {
                    if (p.phase() == RendezvousEvent.Phase.CPU) {
                        cpuPhase = p.time();
                    } else {
                        irqPhase = p.time();
                    }
                }
                case RendezvousEvent.Arrived a -> arrival[a.cpu()] = a.time();
                case RendezvousEvent.IrqsOff o -> off[o.cpu()] = o.time();
                case RendezvousEvent.NmiLost n -> lost[n.cpu()]++;
                case RendezvousEvent.ActionDone d -> action = d.time();
                case RendezvousEvent.TimedOut t -> result = ApplyResult.TIMED_OUT;
                case RendezvousEvent.Released r -> released = r.time();
                case RendezvousEvent.Aborted a -> result = ApplyResult.ABORTED;
                case RendezvousEvent.RunEnded r -> result = ApplyResult.CUT_SHORT;
                case RendezvousEvent.Switched s -> arrival[s.cpu()] = s.time();
                case RendezvousEvent.AllStopped s -> { }
                case RendezvousEvent.Stored s -> { }
                case RendezvousEvent.SyncDone s -> { }
                case RendezvousEvent.StackBusy s -> { }
                case RendezvousEvent.NmiInPatchedFunction n -> { }
                case RendezvousEvent.WordWritten w -> { }
            }
        }
        return new ApplyOutcome(request, result, rc, message, issuedNs, master, masterNs, deadline, arrival, off, lost,
                cpuPhase, irqPhase, action, released, List.copyOf(events));
    }

    /** A hypercall the registry refused (nothing was scheduled). */
    public static ApplyOutcome refused(ApplyRequest request, int cpus, long issuedNs, int rc, String message) {
        long[] none = new long[cpus];
        Arrays.fill(none, -1);
        return new ApplyOutcome(request, ApplyResult.REFUSED, rc, message, issuedNs, -1, -1, -1, none, none.clone(),
                new long[cpus], -1, -1, -1, -1, List.of());
    }

    /** From the hypercall to the release: the apply's latency. */
    public long timeToApplyNs() {
        return releasedNs < 0 ? -1 : releasedNs - issuedNs;
    }

    /** From the IPIs to the IRQ phase (or to the timeout). */
    public long cpuPhaseDurationNs() {
        if (cpuPhaseNs < 0) {
            return -1;
        }
        return (irqPhaseNs >= 0 ? irqPhaseNs : releasedNs) - cpuPhaseNs;
    }

    /** From the IRQ phase to the action (or to the timeout). */
    public long irqPhaseDurationNs() {
        if (irqPhaseNs < 0) {
            return -1;
        }
        return (actionNs >= 0 ? actionNs : releasedNs) - irqPhaseNs;
    }

    /** CPU {@code cpu}'s IRQs-off pause: from its {@code local_irq_save} to the release; -1 if none. */
    public long irqsOffPauseNs(int cpu) {
        return irqsOffNs[cpu] < 0 || releasedNs < 0 ? -1 : releasedNs - irqsOffNs[cpu];
    }

    /** NMIs lost inside the window on all CPUs ({@link #lostNmis()} summed). */
    public long totalLostNmis() {
        return Arrays.stream(lostNmis).sum();
    }

    /** The sync rounds of the store plan (text_poke's IPIs), each as its duration in ns, in order. */
    public long[] syncRoundsNs() {
        return events.stream().filter(e -> e instanceof RendezvousEvent.SyncDone).mapToLong(e -> {
            RendezvousEvent.SyncDone s = (RendezvousEvent.SyncDone) e;
            return s.time() - s.started();
        }).toArray();
    }

    /** Stores the plan made. */
    public int stores() {
        return (int) events.stream().filter(e -> e instanceof RendezvousEvent.Stored).count();
    }

    /** Whether the caller should retry: the protocol timed out or aborted with -EBUSY. */
    public boolean retryable() {
        return result.retryable();
    }

    /** Whether the action ran (whatever its rc). */
    public boolean ran() {
        return actionNs >= 0;
    }
}
