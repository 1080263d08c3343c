package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.protocol.RendezvousProtocol;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.cpu.host.HostLockstep;
import dev.quiesce.cpu.host.HostMachine;
import dev.quiesce.cpu.host.QuantumHook;
import dev.quiesce.cpu.random.DetRandom;
import dev.quiesce.cpu.random.SeedStream;
import dev.quiesce.splice.registry.ActionExecutor;
import dev.quiesce.splice.registry.LivepatchRegistry;
import dev.quiesce.splice.registry.QuiescedAction;
import dev.quiesce.splice.registry.XenResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One host's coordinator (DESIGN.md §2 step 3): owns the host's livepatch registry and is its
 * {@link ActionExecutor} (replacing the interim immediate one), and is the host lockstep's
 * {@link QuantumHook}, so it sees every quantum's sorted events and commands the CPUs at the boundaries.
 * At each boundary it feeds the protocol (Xen's {@code do_livepatch_work()}, xen/common/livepatch.c), then
 * issues due hypercalls ({@link ApplyRequest}) and straggler work; every rendezvous step goes into the trace
 * hash. A plain class, run on the host actor's thread while no CPU runs.
 */
public final class HostCoordinator implements QuantumHook, ActionExecutor {

    /** Offset of {@code stall_iters} in the guest's {@code struct percpu} (guest.h). */
    static final long STALL_ITERS_OFFSET = 224;

    /**
     * Long non-preemptible work forced on one CPU (the guest's {@code percpu.stall_iters} knob): at the first
     * boundary at or after {@code atNs}, CPU {@code cpu} runs {@code do_long_work(iterations)} next.
     */
    public record Straggler(int cpu, long atNs, long iterations) {
    }

    private final HostMachine machine;
    private final RendezvousProtocol protocol;
    private final LivepatchRegistry registry;
    private final List<ApplyRequest> requests;
    private final RetryPolicy retry;
    private final DetRandom jitter;
    private final List<Straggler> stragglers;
    private final List<ApplyOutcome> outcomes = new ArrayList<>();
    private final List<RendezvousEvent> attempt = new ArrayList<>();
    private int nextRequest;
    private int nextStraggler;
    private QuiescedAction scheduled;
    private ApplyRequest current;
    private long currentIssuedNs;
    private int consoleMark;

    /**
     * A coordinator of {@code machine} running protocol {@code protocolName}, issuing {@code requests} and
     * {@code stragglers} at their times.
     */
    public HostCoordinator(HostMachine machine, String protocolName, List<ApplyRequest> requests,
                           List<Straggler> stragglers) {
        this(machine, protocolName, requests, stragglers, RetryPolicy.none(), SeedStream.root(0));
    }

    /**
     * As above, re-issuing a request whose rendezvous timed out as {@code retry} says, with jitter from
     * {@code host}'s {@code retry} stream.
     */
    public HostCoordinator(HostMachine machine, String protocolName, List<ApplyRequest> requests,
                           List<Straggler> stragglers, RetryPolicy retry, SeedStream host) {
        this.retry = retry;
        this.jitter = host.child("retry").random();
        this.machine = machine;
        int cpus = machine.settings().cpus();
        this.protocol = Protocols.create(protocolName, cpus);
        for (ApplyRequest r : requests) {
            if (r.cpu() >= cpus) {
                throw new IllegalArgumentException("request from cpu " + r.cpu() + " on a host of " + cpus);
            }
        }
        this.requests = new ArrayList<>(requests.stream().sorted(Comparator.comparingLong(ApplyRequest::atNs)).toList());
        this.stragglers = stragglers.stream().sorted(Comparator.comparingLong(Straggler::atNs)).toList();
        this.registry = CoordinatedRegistry.create(machine, this);
    }

    /** The host's registry (upload payloads before the run). */
    public LivepatchRegistry registry() {
        return registry;
    }

    /** The protocol's name. */
    public String protocol() {
        return protocol.name();
    }

    /** The outcomes of the requests finished so far, in order. */
    public List<ApplyOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    @Override
    public void schedule(QuiescedAction work) {
        if (scheduled != null || protocol.busy()) {
            throw new IllegalStateException("the registry scheduled a second outstanding action");
        }
        scheduled = work;
    }

    @Override
    public void afterQuantum(long nowNs, List<CpuEvent> events, HostLockstep lockstep, Controls out) {
        if (protocol.busy()) {
            List<RendezvousEvent> emitted = new ArrayList<>();
            protocol.onQuantum(nowNs, events, out, emitted);
            for (RendezvousEvent e : emitted) {
                lockstep.note(e.toString());
            }
            attempt.addAll(emitted);
            if (!protocol.busy()) {
                finish();
            }
        }
        while (nextStraggler < stragglers.size() && stragglers.get(nextStraggler).atNs() <= nowNs) {
            Straggler s = stragglers.get(nextStraggler++);
            machine.memory().writeU64(machine.percpuField(s.cpu(), STALL_ITERS_OFFSET), s.iterations());
            lockstep.note(s + "@" + nowNs);
        }
        if (!protocol.busy() && nextRequest < requests.size() && requests.get(nextRequest).atNs() <= nowNs) {
            issue(requests.get(nextRequest++), nowNs, lockstep, out);
        }
    }

    private void issue(ApplyRequest r, long nowNs, HostLockstep lockstep, Controls out) {
        consoleMark = registry.console().size();
        XenResult x = registry.action(r.payload(), r.action(), 0, r.timeoutNs());
        lockstep.note(r + "@" + nowNs + "=" + x.rc());
        int cpus = machine.settings().cpus();
        if (!x.ok()) {
            outcomes.add(ApplyOutcome.refused(r, cpus, nowNs, x.rc(), x.message()));
            return;
        }
        current = r;
        currentIssuedNs = nowNs;
        attempt.clear();
        if (scheduled == null) { // accepted but nothing to do (Xen: e.g. APPLY of an APPLIED payload)
            finish();
            return;
        }
        QuiescedAction a = scheduled;
        scheduled = null;
        protocol.start(a, r.cpu(), nowNs, r.nmiPolicy());
        List<RendezvousEvent> emitted = new ArrayList<>();
        protocol.onQuantum(nowNs, List.of(), out, emitted);
        for (RendezvousEvent e : emitted) {
            lockstep.note(e.toString());
        }
        attempt.addAll(emitted);
    }

    private void finish() {
        int rc = registry.get(current.payload()).rc();
        List<String> console = registry.console();
        String message = String.join("; ", console.subList(Math.min(consoleMark, console.size()), console.size()));
        ApplyOutcome o = ApplyOutcome.of(current, machine.settings().cpus(), currentIssuedNs, rc, message, attempt);
        outcomes.add(o);
        if (o.result().equals("timed-out")) {
            java.util.OptionalLong delay = retry.delayBefore(current.attempt() + 1, jitter);
            if (delay.isPresent()) {
                long at = o.releasedNs() + delay.getAsLong();
                ApplyRequest next = current.retryAt(at);
                int i = nextRequest;
                while (i < requests.size() && requests.get(i).atNs() <= at) {
                    i++;
                }
                requests.add(i, next);
            }
        }
        current = null;
    }
}
