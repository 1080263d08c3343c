package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.Oracle;
import dev.quiesce.coordinator.oracle.OracleView;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.coordinator.plan.StoreCapture;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.protocol.RendezvousEventEncoding;
import dev.quiesce.coordinator.protocol.RendezvousProtocol;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostProbes;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.random.DetRandom;
import dev.quiesce.random.SeedStream;
import dev.quiesce.splice.Store;
import dev.quiesce.splice.StoreListener;
import dev.quiesce.splice.registry.ActionExecutor;
import dev.quiesce.splice.registry.ActionSite;
import dev.quiesce.splice.registry.LivepatchRegistry;
import dev.quiesce.splice.registry.QuiescedAction;
import dev.quiesce.splice.registry.XenResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One host's coordinator (docs/architecture.md §2 steps 4–8): owns the host's livepatch registry and is its
 * {@link ActionExecutor} (replacing the interim immediate one), and is the host lockstep's
 * {@link QuantumHook}, so it sees every quantum's sorted events and commands the CPUs at the boundaries.
 * At each boundary the oracles check the quantum, the protocol advances (Xen's {@code do_livepatch_work()},
 * xen/common/livepatch.c, or another), due hypercalls ({@link ApplyRequest}) and straggler work are issued, the
 * oracles check the host after the boundary's work, and the probes for the next quantum are set. Every step goes
 * into the trace hash; a violation ends the run. A plain class, run on the host actor's thread while no CPU runs.
 */
public final class HostCoordinator implements QuantumHook, ActionExecutor {

    /** Offset of {@code stall_iters} in the guest's {@code struct percpu} (guest.h). */
    static final long STALL_ITERS_OFFSET = 224;
    /** Offset of the lazy protocol's universe byte in {@code struct percpu} (guest.h: {@code universe}). */
    static final long UNIVERSE_OFFSET = 232;

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
    private final List<Oracle> oracles;
    private final List<ApplyOutcome> outcomes = new ArrayList<>();
    private final List<ApplyOutcome> finishedNow = new ArrayList<>();
    private final List<RendezvousEvent> attempt = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final boolean[] awaitingQp;
    private List<ActionSite> watched = List.of();
    private int awaiting;
    private int nextRequest;
    private int nextStraggler;
    private QuiescedAction scheduled;
    private ApplyRequest current;
    private long currentIssuedNs;
    private int consoleMark;
    private StoreCapture capture;

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
     * {@code host}'s {@code retry} stream; every oracle checks the run.
     */
    public HostCoordinator(HostMachine machine, String protocolName, List<ApplyRequest> requests,
                           List<Straggler> stragglers, RetryPolicy retry, SeedStream host) {
        this(machine, protocolName, requests, stragglers, retry, host, ProtocolContext.PatchPolicy.defaults(),
                Oracles.all());
    }

    /** The general form: with the patch policy of the protocol's stores and the oracles that check the run. */
    public HostCoordinator(HostMachine machine, String protocolName, List<ApplyRequest> requests,
                           List<Straggler> stragglers, RetryPolicy retry, SeedStream host,
                           ProtocolContext.PatchPolicy patch, List<Oracle> oracles) {
        this.retry = retry;
        this.jitter = host.child("retry").random();
        this.machine = machine;
        this.oracles = List.copyOf(oracles);
        int cpus = machine.settings().cpus();
        this.awaitingQp = new boolean[cpus];
        for (ApplyRequest r : requests) {
            if (r.cpu() >= cpus) {
                throw new IllegalArgumentException("request from cpu " + r.cpu() + " on a host of " + cpus);
            }
        }
        this.requests = new ArrayList<>(requests.stream().sorted(Comparator.comparingLong(ApplyRequest::atNs)).toList());
        this.stragglers = stragglers.stream().sorted(Comparator.comparingLong(Straggler::atNs)).toList();
        this.registry = CoordinatedRegistry.create(machine, this, new CaptureListener());
        long stride = machine.percpuField(1, 0) - machine.percpuField(0, 0);
        ProtocolContext.HostLayout layout = new ProtocolContext.HostLayout(machine.percpuField(0, 0), stride,
                UNIVERSE_OFFSET, CoordinatedRegistry.trampolines(machine), CoordinatedRegistry.TRAMPOLINES);
        ProtocolContext ctx = new ProtocolContext(cpus, machine.memory(), machine.probes(), this::stage, patch, layout);
        this.protocol = Protocols.create(protocolName, ctx);
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

    /** The oracles' violations (a run ends at the first boundary that has any). */
    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /**
     * Whether nothing more will happen: every request (and retry) was issued and finished, and every CPU passed a
     * quiescence point since (so the oracles have seen everything the actions could cause).
     */
    public boolean settled() {
        return nextRequest >= requests.size() && current == null && !protocol.busy() && watched.isEmpty()
                && nextStraggler >= stragglers.size();
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
        finishedNow.clear();
        List<Violation> found = new ArrayList<>();
        OracleView during = view(nowNs, events, protocol.inFlight());
        for (Oracle o : oracles) {
            o.check(during, found);
        }
        trackQuiescence(events);
        if (protocol.busy()) {
            List<RendezvousEvent> emitted = new ArrayList<>();
            protocol.onQuantum(nowNs, events, out, emitted);
            note(emitted, lockstep);
            if (!protocol.busy()) {
                finish();
            }
        }
        while (nextStraggler < stragglers.size() && stragglers.get(nextStraggler).atNs() <= nowNs) {
            Straggler s = stragglers.get(nextStraggler++);
            machine.memory().writeU64(machine.percpuField(s.cpu(), STALL_ITERS_OFFSET), s.iterations());
            lockstep.note(CoordinatorEventEncoding.straggler(s, nowNs));
        }
        OracleView after = view(nowNs, events, protocol.inFlight()); // before a new hypercall changes the registry
        for (Oracle o : oracles) {
            o.afterBoundary(after, found);
        }
        if (!protocol.busy() && nextRequest < requests.size() && requests.get(nextRequest).atNs() <= nowNs) {
            issue(requests.get(nextRequest++), nowNs, lockstep, out);
            after = view(nowNs, events, protocol.inFlight());
        }
        List<HostProbes.Range> ranges = new ArrayList<>(protocol.probes());
        for (Oracle o : oracles) {
            ranges.addAll(o.probes(after));
        }
        machine.probes().setRanges(ranges);
        if (!found.isEmpty() && violations.isEmpty()) {
            violations.add(found.getFirst());
            lockstep.note(CoordinatorEventEncoding.violation(found.getFirst()));
            lockstep.endEarly();
            if (current != null) { // keep what the unfinished attempt did (its stores, arrivals) for reports
                attempt.add(new RendezvousEvent.RunEnded(nowNs, found.getFirst().oracle()));
                outcomes.add(ApplyOutcome.of(current, machine.settings().cpus(), currentIssuedNs,
                        registry.get(current.payload()).rc(), "the run ended on " + found.getFirst().oracle()
                                + " before the attempt finished", attempt));
            }
        }
        long q = out.takeNextQuantum();
        if (q > 0) {
            lockstep.nextQuantum(q);
        }
    }

    private OracleView view(long nowNs, List<CpuEvent> events, Optional<StagedPlan> plan) {
        return new OracleView(nowNs, events, plan, watched, machine.memory(), registry, machine.entryPads(),
                List.copyOf(finishedNow), machine::symbolize, machine.settings().cpus());
    }

    /** After an action, its functions stay watched until every CPU passed a quiescence point. */
    private void trackQuiescence(List<CpuEvent> events) {
        if (awaiting == 0 || current != null) {
            return;
        }
        for (CpuEvent e : events) {
            if (e instanceof CpuEvent.Quiescence q && awaitingQp[q.cpu()]) {
                awaitingQp[q.cpu()] = false;
                awaiting--;
            }
        }
        if (awaiting == 0) {
            watched = List.of();
        }
    }

    private void note(List<RendezvousEvent> emitted, HostLockstep lockstep) {
        for (RendezvousEvent e : emitted) {
            lockstep.note(RendezvousEventEncoding.encode(e));
        }
        attempt.addAll(emitted);
    }

    private void issue(ApplyRequest r, long nowNs, HostLockstep lockstep, Controls out) {
        consoleMark = registry.console().size();
        XenResult x = registry.action(r.payload(), r.action(), 0, r.timeoutNs());
        lockstep.note(CoordinatorEventEncoding.issued(r, nowNs, x.rc()));
        int cpus = machine.settings().cpus();
        if (!x.ok()) {
            ApplyOutcome o = ApplyOutcome.refused(r, cpus, nowNs, x.rc(), x.message());
            outcomes.add(o);
            finishedNow.add(o);
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
        watched = a.changing();
        java.util.Arrays.fill(awaitingQp, false);
        awaiting = 0;
        OracleView v = view(nowNs, List.of(), Optional.empty());
        for (Oracle o : oracles) {
            o.issued(v);
        }
        protocol.start(a, r.cpu(), nowNs, r.nmiPolicy());
        List<RendezvousEvent> emitted = new ArrayList<>();
        protocol.onQuantum(nowNs, List.of(), out, emitted);
        note(emitted, lockstep);
        if (!protocol.busy()) {
            finish();
        }
    }

    private void finish() {
        int rc = registry.get(current.payload()).rc();
        List<String> console = registry.console();
        String message = String.join("; ", console.subList(Math.min(consoleMark, console.size()), console.size()));
        ApplyOutcome o = ApplyOutcome.of(current, machine.settings().cpus(), currentIssuedNs, rc, message, attempt);
        outcomes.add(o);
        finishedNow.add(o);
        if (!watched.isEmpty()) {
            java.util.Arrays.fill(awaitingQp, true);
            awaiting = awaitingQp.length;
        }
        if (o.retryable()) {
            Optional<RetryPolicy.Retry> again = retry.next(current, o, jitter);
            if (again.isPresent()) {
                long at = Math.max(o.releasedNs(), currentIssuedNs) + again.get().delayNs();
                ApplyRequest next = current.retryAt(at).withTimeout(again.get().timeoutNs());
                int i = nextRequest;
                while (i < requests.size() && requests.get(i).atNs() <= at) {
                    i++;
                }
                requests.add(i, next);
            }
        }
        current = null;
    }

    /** Runs an action's quiesced work, captures its stores and puts memory back for the protocol to replay. */
    private StagedPlan stage(QuiescedAction action, dev.quiesce.splice.Granularity g) {
        StoreCapture cap = new StoreCapture(machine.memory());
        capture = cap;
        try {
            action.quiesced();
        } finally {
            capture = null;
        }
        cap.restore();
        return new StagedPlan(machine.memory(), machine.probes(), cap.changes(), g);
    }

    /** The registry's store listener: forwards to the capture of the action being staged. */
    private final class CaptureListener implements StoreListener {
        @Override
        public void storing(Store s) {
            if (capture != null) {
                capture.storing(s);
            }
        }

        @Override
        public void stored(Store s) {
            if (capture != null) {
                capture.stored(s);
            }
        }

        @Override
        public void synced() {
        }
    }
}
