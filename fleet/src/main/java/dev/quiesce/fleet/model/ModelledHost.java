package dev.quiesce.fleet.model;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.protocol.RendezvousProtocol;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.random.DetRandom;
import dev.quiesce.random.SeedStream;

import java.util.ArrayList;
import java.util.List;

/**
 * A host of {@link ModelledCpu}s running an unchanged rendezvous protocol (it cannot tell modelled from emulated
 * CPUs: same events, same commands, same quantum boundaries). Quanta in which nothing can happen are skipped — the
 * next boundary is the first one at or after the earliest CPU event, protocol deadline or request — so an apply that
 * waits 30 ms for a straggler costs a handful of steps. A quantum whose end the protocol ties to CPUs' next steps
 * ({@link QuantumHook.Controls#endNextQuantumOnStep}) ends as on an emulated host: at the instant the last of them
 * takes it, if all do. Deterministic: a plain loop over CPUs in id order.
 */
public final class ModelledHost {

    private final List<ModelledCpu> cpus = new ArrayList<>();
    private final RendezvousProtocol protocol;
    private final long quantumNs;
    private final DetRandom jitter;
    /** The host module's default {@code cpu.spin-poll}. */
    private static final long DEFAULT_SPIN_POLL_NS = HostSettings.defaults().cpu().spinPollNs();

    /**
     * A host of {@code models.size()} CPUs (CPU i of class {@code models.get(i)}) running {@code protocolName}, its
     * streams under {@code host}.
     */
    public ModelledHost(List<CpuModel> models, SeedStream host, String protocolName, long quantumNs) {
        this(models, host, protocolName, quantumNs, DEFAULT_SPIN_POLL_NS);
    }

    /** As above, the CPUs' spin loops in a rendezvous reading every {@code spinPollNs} (the host's {@code cpu.spin-poll}). */
    public ModelledHost(List<CpuModel> models, SeedStream host, String protocolName, long quantumNs, long spinPollNs) {
        if (models.isEmpty() || quantumNs <= 0) {
            throw new IllegalArgumentException("a modelled host needs CPUs and a positive quantum");
        }
        for (int i = 0; i < models.size(); i++) {
            cpus.add(new ModelledCpu(i, models.get(i), host.child("cpu", i), spinPollNs));
        }
        this.protocol = Protocols.create(protocolName, ProtocolContext.detached(models.size()));
        this.quantumNs = quantumNs;
        this.jitter = host.child("retry").random();
    }

    /**
     * Issues {@code request} (and the caller's retries per {@code retry}) and runs until it is settled or
     * {@code horizonNs}; {@code stragglers} stall CPUs (each iteration of non-preemptible work taking the class's
     * {@link CpuModel#stallNsPerIteration()}; see {@link ModelledCpu#stall}). Returns every
     * attempt's outcome, in order.
     */
    public List<ApplyOutcome> apply(ApplyRequest request, RetryPolicy retry, List<HostCoordinator.Straggler> stragglers,
                                    long horizonNs) {
        for (HostCoordinator.Straggler s : stragglers) { // issued at the first boundary at or after atNs, as emulated
            ModelledCpu c = cpus.get(s.cpu());
            c.stall(Math.ceilDiv(s.atNs(), quantumNs) * quantumNs,
                    Math.round(s.iterations() * c.model().stallNsPerIteration()));
        }
        List<ApplyOutcome> outcomes = new ArrayList<>();
        List<RendezvousEvent> attempt = new ArrayList<>();
        QuantumHook.Controls controls = new QuantumHook.Controls(cpus.size());
        List<CpuEvent> events = new ArrayList<>();
        ApplyRequest next = request;
        ApplyRequest current = null;
        ModelledAction action = null;
        long issued = 0;
        long now = 0;
        boolean commanded = false;
        while (now < horizonNs && (next != null || current != null)) {
            long boundary = nextBoundary(now, commanded, next);
            if (boundary > horizonNs) {
                break;
            }
            events.clear();
            boundary = firstStage(now, boundary, controls.takeAwaited(), events);
            for (ModelledCpu c : cpus) {
                c.runUntil(boundary, events);
            }
            events.sort(HostLockstep.ORDER);
            now = boundary;
            if (current != null) {
                protocol.onQuantum(now, events, controls, attempt);
                if (!protocol.busy()) {
                    next = settle(current, issued, action, attempt, retry, outcomes);
                    current = null;
                }
            }
            if (current == null && next != null && next.atNs() <= now) {
                current = next;
                next = null;
                issued = now;
                attempt = new ArrayList<>();
                action = new ModelledAction(current.payload(), current.action(), current.timeoutNs());
                protocol.start(action, current.cpu(), now, current.nmiPolicy());
                protocol.onQuantum(now, List.of(), controls, attempt);
                if (!protocol.busy()) { // settled at once (a protocol without a barrier, nothing to wait for)
                    next = settle(current, issued, action, attempt, retry, outcomes);
                    current = null;
                }
            }
            commanded = false;
            for (int i = 0; i < cpus.size(); i++) {
                for (CpuControl c : controls.take(i)) {
                    cpus.get(i).control(c);
                    commanded = true;
                }
            }
            controls.takeNextQuantum();
        }
        return outcomes;
    }

    /** Records the attempt's outcome; returns the caller's retry of it, or null. */
    private ApplyRequest settle(ApplyRequest current, long issued, ModelledAction action, List<RendezvousEvent> attempt,
                                RetryPolicy retry, List<ApplyOutcome> outcomes) {
        ApplyOutcome o = ApplyOutcome.of(current, cpus.size(), issued, action.rc(), action.message(), attempt);
        outcomes.add(o);
        return o.retryable() ? retryOf(current, o, retry) : null;
    }

    /**
     * The first stage of a two-stage quantum: the awaited CPUs run until their next step; returns the quantum's end,
     * the instant the last of them took it if all did (at least 1 ns after {@code start}), else {@code end}.
     */
    private long firstStage(long start, long end, int[] awaited, List<CpuEvent> events) {
        if (awaited.length == 0) {
            return end;
        }
        boolean all = true;
        long last = start + 1;
        for (int i : awaited) {
            ModelledCpu c = cpus.get(i);
            all &= c.runTo(end, events, true);
            last = Math.max(last, c.nowNs());
        }
        return all ? Math.min(end, last) : end;
    }

    private ApplyRequest retryOf(ApplyRequest current, ApplyOutcome o, RetryPolicy retry) {
        return retry.next(current, o, jitter).map(r -> current.retryAt(Math.max(o.releasedNs(), o.issuedNs())
                + r.delayNs()).withTimeout(r.timeoutNs())).orElse(null);
    }

    /** The next boundary: one quantum on, or further when nothing can happen before. */
    private long nextBoundary(long now, boolean commanded, ApplyRequest next) {
        long step = now + quantumNs;
        if (commanded) {
            return step;
        }
        long t = protocol.nextDeadlineNs();
        if (next != null) {
            t = Math.min(t, next.atNs());
        }
        for (ModelledCpu c : cpus) {
            t = Math.min(t, c.nextEventNs());
        }
        if (t <= step) {
            return step;
        }
        return t == Long.MAX_VALUE ? step : Math.ceilDiv(t, quantumNs) * quantumNs;
    }

    /** The host's CPU count. */
    public int cpus() {
        return cpus.size();
    }
}
