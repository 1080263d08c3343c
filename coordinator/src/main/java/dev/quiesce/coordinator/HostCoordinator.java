package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.Oracle;
import dev.quiesce.coordinator.oracle.OracleView;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.coordinator.oracle.SideState;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.plan.StagedPlan;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.plugin.ProtocolCatalog;
import dev.quiesce.coordinator.protocol.RendezvousEvent;
import dev.quiesce.coordinator.protocol.RendezvousEventEncoding;
import dev.quiesce.coordinator.protocol.RendezvousProtocol;
import dev.quiesce.coordinator.protocol.SharedWords;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostProbes;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.random.SeedStream;
import dev.quiesce.guest.GuestLayout;
import dev.quiesce.random.DetRandom;
import dev.quiesce.splice.Store;
import dev.quiesce.splice.StoreListener;
import dev.quiesce.splice.registry.ActionExecutor;
import dev.quiesce.splice.registry.LivepatchRegistry;
import dev.quiesce.splice.registry.QuiescedAction;
import dev.quiesce.splice.registry.XenResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One host's coordinator (docs/architecture.md §2 steps 4–8): owns the host's livepatch registry and is its
 * {@link ActionExecutor} (replacing the interim immediate one), and is the host lockstep's
 * {@link QuantumHook}, so it sees every quantum's sorted events and commands the CPUs at the boundaries.
 * At each boundary the oracles check the quantum ({@link OracleChecks}), the protocol advances (Xen's
 * {@code do_livepatch_work()}, xen/common/livepatch.c, or another), due stragglers ({@link StragglerSchedule}) and
 * hypercalls ({@link RequestQueue}) are issued, the oracles check the host after the boundary's work, and the
 * probes for the next quantum are set; attempts and outcomes are kept by an {@link AttemptLog}, the functions an
 * action changes are watched by a {@link QuiescenceWatch}, its stores staged by an {@link ActionStager}. Every step
 * goes into the trace hash; a violation ends the run. A plain class, run on the host actor's thread while no CPU runs.
 */
public final class HostCoordinator implements QuantumHook, ActionExecutor {

    /**
     * Long non-preemptible work forced on one CPU (the guest's {@code percpu.stall_iters} knob): at the first
     * boundary at or after {@code atNs}, CPU {@code cpu} runs {@code do_long_work(iterations)} next.
     */
    public record Straggler(int cpu, long atNs, long iterations) {
    }

    private final HostMachine machine;
    private final RendezvousProtocol protocol;
    private final LivepatchRegistry registry;
    private final RequestQueue requests;
    private final StragglerSchedule stragglers;
    private final OracleChecks checks;
    private final AttemptLog attempts;
    private final QuiescenceWatch quiescence;
    private QuiescedAction scheduled;
    private final SharedWords words;

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

    /** With the patch policy of the protocol's stores and the oracles that check the run; built-in protocols. */
    public HostCoordinator(HostMachine machine, String protocolName, List<ApplyRequest> requests,
                           List<Straggler> stragglers, RetryPolicy retry, SeedStream host,
                           ProtocolContext.PatchPolicy patch, List<Oracle> oracles) {
        this(machine, protocolName, requests, stragglers, retry, host, patch, oracles, ProtocolCatalog.of(List.of()));
    }

    /** With the protocol looked up in {@code protocols} (built-ins and plug-ins). */
    public HostCoordinator(HostMachine machine, String protocolName, List<ApplyRequest> requests,
                           List<Straggler> stragglers, RetryPolicy retry, SeedStream host,
                           ProtocolContext.PatchPolicy patch, List<Oracle> oracles, ProtocolCatalog protocols) {
        this(machine, ctx -> protocols.create(protocolName, ctx), requests, stragglers, retry, host, patch, oracles);
    }

    /** The general form: the protocol is made by {@code protocol} from the host's context (a variant). */
    public HostCoordinator(HostMachine machine, java.util.function.Function<ProtocolContext, RendezvousProtocol> protocol,
                           List<ApplyRequest> requests, List<Straggler> stragglers, RetryPolicy retry, SeedStream host,
                           ProtocolContext.PatchPolicy patch, List<Oracle> oracles) {
        int cpus = machine.settings().cpus();
        this.machine = machine;
        this.requests = new RequestQueue(requests, cpus, retry, host.child("retry").random());
        this.stragglers = new StragglerSchedule(stragglers);
        this.checks = new OracleChecks(oracles);
        this.attempts = new AttemptLog(cpus);
        this.quiescence = new QuiescenceWatch(cpus);
        ActionStager stager = new ActionStager(machine);
        this.registry = CoordinatedRegistry.create(machine, this, stager);
        long stride = machine.percpuField(1, 0) - machine.percpuField(0, 0);
        ProtocolContext.HostLayout layout = new ProtocolContext.HostLayout(machine.percpuField(0, 0), stride,
                GuestLayout.PERCPU_UNIVERSE, CoordinatedRegistry.trampolines(machine), CoordinatedRegistry.TRAMPOLINES,
                machine.address(GuestLayout.RENDEZVOUS_SYMBOL), machine.arch());
        ProtocolContext ctx = new ProtocolContext(cpus, machine.memory(), machine.probes(), stager, patch, layout);
        this.words = ctx.words();
        this.protocol = protocol.apply(ctx);
    }

    /**
     * Before the first hypercall of a run forked from a snapshot: goes on with {@code requests} (the same but for
     * their timeouts and NMI policies) and {@code retry} — a sweep point that differs only in settings read at or
     * after the hypercall (docs/forking.md).
     *
     * @throws IllegalStateException if a request was issued already, or the requests differ in more
     */
    public void rebindRequests(List<ApplyRequest> requests, RetryPolicy retry) {
        this.requests.rebind(requests, retry);
    }

    /**
     * At time 0 of a booted host reused for another run seed ({@code host} is that seed's {@code host/0} stream): the
     * coordinator's only random stream, the retry jitter, becomes that seed's (docs/forking.md).
     */
    public void reseed(SeedStream host) {
        requests.reseed(host.child("retry").random());
    }

    /**
     * Whether the retry policy was asked so far: a run that never asked it is, event for event, the run of any other
     * retry policy (the policy is read nowhere else), which lets a sweep reuse it (docs/forking.md).
     */
    public boolean retryAsked() {
        return requests.retryAsked();
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
        return attempts.outcomes();
    }

    /** The oracles' violations (a run ends at the first boundary that has any). */
    public List<Violation> violations() {
        return checks.violations();
    }

    /**
     * Whether nothing more will happen: every request (and retry) was issued and finished, and every CPU passed a
     * quiescence point since (so the oracles have seen everything the actions could cause), and no oracle waits to
     * judge what an action left behind.
     */
    public boolean settled() {
        return requests.exhausted() && !attempts.inProgress() && !protocol.busy() && !protocol.lingering()
                && quiescence.idle()
                && stragglers.done() && !checks.pending();
    }

    /**
     * Quiet until the first request or straggler is due, while nothing was issued yet and every oracle judges from
     * the events alone before the first action ({@link Oracle#eventsOnlyBeforeFirstAction}): until then each boundary
     * only counts events, so the host may batch quanta between its barriers (docs/architecture.md §3 rule 8). From
     * the first action on, never: the protocol, the oracles' probes and their reads of memory and CPU snapshots need
     * every boundary.
     */
    @Override
    public long quietUntilNs(long nowNs) {
        if (!attempts.outcomes().isEmpty() || attempts.inProgress() || protocol.busy() || protocol.lingering()
                || scheduled != null || !protocol.probes().isEmpty() || checks.pending()
                || !checks.eventsOnlyBeforeFirstAction()) {
            return nowNs;
        }
        return Math.min(requests.nextAtNs(), stragglers.nextAtNs());
    }

    @Override
    public void schedule(QuiescedAction work) {
        if (scheduled != null || protocol.busy() || protocol.lingering()) {
            throw new IllegalStateException("the registry scheduled a second outstanding action");
        }
        scheduled = work;
    }

    @Override
    public void afterQuantum(long nowNs, List<CpuEvent> events, HostLockstep lockstep, Controls out) {
        attempts.startBoundary();
        checks.startBoundary();
        checks.checkQuantum(view(nowNs, events, protocol.inFlight()));
        quiescence.track(events, attempts.inProgress());
        attempts.noteCpuEvents(events);
        if (protocol.busy() || protocol.lingering()) {
            advance(nowNs, events, lockstep, out);
        }
        stragglers.issueDue(nowNs, machine, lockstep);
        OracleView after = view(nowNs, events, protocol.inFlight()); // before a new hypercall changes the registry
        checks.checkAfterBoundary(after);
        ApplyRequest due = protocol.busy() || protocol.lingering() ? null : requests.takeDue(nowNs);
        if (due != null) {
            issue(due, nowNs, lockstep, out);
            after = view(nowNs, events, protocol.inFlight());
        }
        List<HostProbes.Range> ranges = new ArrayList<>(protocol.probes());
        ranges.addAll(checks.probes(after));
        machine.probes().setRanges(ranges);
        machine.probes().setUnwindStacks(checks.wantStacks(after));
        checks.firstOfRun().ifPresent(v -> {
            lockstep.note(CoordinatorEventEncoding.violation(v));
            lockstep.endEarly();
            attempts.cutShort(nowNs, v.oracle(), registry);
        });
        long q = out.takeNextQuantum();
        if (q > 0) {
            lockstep.nextQuantum(q);
        }
    }

    private OracleView view(long nowNs, List<CpuEvent> events, Optional<StagedPlan> plan) {
        return new OracleView(nowNs, events, plan, quiescence.watched(), machine.memory(), registry,
                machine.entryPads(), attempts.finishedNow(), machine::symbolize, machine.settings().cpus(),
                new SideState(machine.cpuSnapshots(), protocol.probes(), machine.probes().int3Sites(),
                        attempts.inProgress()), machine.arch());
    }

    /** Lets the protocol run one step on the quantum's events; finishes the attempt when the protocol is done. */
    private void advance(long nowNs, List<CpuEvent> events, HostLockstep lockstep, Controls out) {
        List<RendezvousEvent> emitted = new ArrayList<>();
        protocol.onQuantum(nowNs, events, out, emitted);
        words.publish(nowNs, emitted); // the step's plain stores reach memory at its boundary (SharedWords)
        attempts.note(emitted, lockstep);
        if (!protocol.busy() && attempts.inProgress()) {
            finish();
        }
    }

    private void issue(ApplyRequest r, long nowNs, HostLockstep lockstep, Controls out) {
        int consoleMark = registry.console().size();
        XenResult x = registry.action(r.payload(), r.action(), 0, r.timeoutNs());
        lockstep.note(CoordinatorEventEncoding.issued(r, nowNs, x.rc()));
        if (!x.ok()) {
            attempts.refused(ApplyOutcome.refused(r, machine.settings().cpus(), nowNs, x.rc(), x.message()));
            return;
        }
        attempts.begin(r, nowNs, consoleMark);
        if (scheduled == null) { // accepted but nothing to do (Xen: e.g. APPLY of an APPLIED payload)
            finish();
            return;
        }
        QuiescedAction a = scheduled;
        scheduled = null;
        quiescence.watch(a.changing());
        checks.issued(view(nowNs, List.of(), Optional.empty()));
        protocol.start(a, r.cpu(), nowNs, r.nmiPolicy());
        advance(nowNs, List.of(), lockstep, out);
        if (!attempts.inProgress()) {
            checks.finishedAtIssue(view(nowNs, List.of(), Optional.empty()));
        }
    }

    private void finish() {
        ApplyOutcome o = attempts.finish(registry, done -> LateCpus.of(done, attempts.stopped(), machine));
        quiescence.actionFinished();
        requests.retryAfter(o);
    }
}
