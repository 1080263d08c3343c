package dev.quiesce.host.actor;

import dev.quiesce.cpu.Cpu;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.host.HostInterrupts;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.random.SeedStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

import java.util.ArrayList;
import java.util.List;

/**
 * The actor of one simulated host: spawns one {@link CpuActor} per CPU of a booted machine (on its
 * own dispatcher, so a quantum's round trip stays on the same threads) and advances them quantum by
 * quantum through a {@link HostLockstep}: up to a point of virtual time ({@link Advance}), or to the
 * end of the run, replying with the {@link HostReport} and stopping ({@link Run}). A quantum is one message to each
 * CPU actor and one back: the CPUs file their reports at a {@link QuantumReports} barrier and the last of them tells
 * the host ({@link AllReported}), which reads the reports in CPU order. While the quantum hook promises to stay quiet
 * the CPUs run a span of quanta instead ({@link CpuActor.RunQuanta}), without barriers, and the host consumes each
 * quantum once all have reported it ({@link SpanReports}, {@link QuantaReady}; docs/architecture.md §3 rule 8).
 */
public final class HostActor extends AbstractBehavior<HostActor.Command> {

    /** Messages a host actor understands. */
    public sealed interface Command {
    }

    /** Run to the end of the run's duration, reply with the report (or the simulator's failure), stop. */
    public record Run(ActorRef<StatusReply<HostReport>> replyTo) implements Command {
    }

    /** Run whole quanta until virtual time reaches at least {@code untilNs}; reply with the time reached. */
    public record Advance(long untilNs, ActorRef<StatusReply<Long>> replyTo) implements Command {
    }

    /** Every CPU the host waits for has filed its report at the quantum's barrier. */
    private record AllReported() implements Command {
    }

    private static final AllReported ALL_REPORTED = new AllReported();

    /** Every CPU has reported the quanta of {@code span} up to {@code upTo}. */
    private record QuantaReady(SpanReports span, int upTo) implements Command {
    }

    /**
     * Quanta a CPU runs of a span before it yields its thread to the other actors: long enough that an engine's code
     * and TLB stay in the core's caches for a while (eight engines take turns on each of two cores), short enough that
     * the threads end a span close together. {@code bench emulation} gives raw engines the same turns.
     */
    public static final int CHUNK = 64;

    private final HostMachine machine;
    private final HostLockstep lockstep;
    private final long seed;
    private final List<ActorRef<CpuActor.Command>> cpus = new ArrayList<>();
    private final QuantumReports reports;
    private ActorRef<StatusReply<HostReport>> runReplyTo;
    private ActorRef<StatusReply<Long>> advanceReplyTo;
    private long advanceUntilNs;
    private boolean quantumInFlight;
    private final QuantumHook hook;
    private final QuantumHook.Controls controls;
    private int[] awaited = new int[0]; // CPUs in the first stage of a two-stage quantum
    private boolean firstStage;
    private long[] batch; // the ends of the quanta in flight: one, or a span without barriers
    private SpanReports span; // the span in flight, or null
    private int consumed; // the span's quanta consumed so far
    private final int batchCap;

    private HostActor(ActorContext<Command> context, HostMachine machine, long seed, long durationNs,
                      QuantumHook hook) {
        super(context);
        this.hook = hook;
        this.controls = new QuantumHook.Controls(machine.settings().cpus());
        this.seed = seed;
        this.machine = machine;
        this.batchCap = HostLockstep.spanCap(machine.settings().barrierBatch(), machine.settings().cpus());
        HostSettings settings = machine.settings();
        SeedStream host = SeedStream.root(seed).child("host", 0);
        this.lockstep = new HostLockstep(settings.cpus(), settings.quantumNs(), durationNs);
        ActorRef<Command> self = context.getSelf();
        this.reports = new QuantumReports(settings.cpus(), () -> self.tell(ALL_REPORTED));
        for (int i = 0; i < settings.cpus(); i++) {
            int id = i;
            SeedStream cpuStream = host.child("cpu", id);
            cpus.add(context.spawn(
                    CpuActor.create(id, () -> new Cpu(id, machine,
                            HostInterrupts.schedule(settings.interrupts(), id, cpuStream))),
                    "cpu-" + id, DispatcherSelector.sameAsParent()));
        }
    }

    /**
     * A host actor over a booted {@code machine} (booted with the streams of {@code seed}) that runs
     * {@code durationNs} of virtual time. The caller closes the machine after the actor stopped.
     */
    public static Behavior<Command> create(HostMachine machine, long seed, long durationNs) {
        return create(machine, seed, durationNs, QuantumHook.NONE);
    }

    /**
     * As {@link #create(HostMachine, long, long)}, feeding every quantum's sorted events to {@code hook}
     * and passing its commands to the CPUs at the next boundary (the coordinator's way in).
     */
    public static Behavior<Command> create(HostMachine machine, long seed, long durationNs, QuantumHook hook) {
        return Behaviors.setup(ctx -> new HostActor(ctx, machine, seed, durationNs, hook));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Run.class, this::onRun)
                .onMessage(Advance.class, this::onAdvance)
                .onMessage(AllReported.class, m -> onAllReported())
                .onMessage(QuantaReady.class, this::onQuantaReady)
                .build();
    }

    private Behavior<Command> onRun(Run msg) {
        runReplyTo = msg.replyTo();
        return step();
    }

    private Behavior<Command> onAdvance(Advance msg) {
        advanceReplyTo = msg.replyTo();
        advanceUntilNs = msg.untilNs();
        return step();
    }

    private Behavior<Command> onAllReported() {
        if (firstStage) { // only the awaited CPUs ran
            for (int i : awaited) {
                CpuActor.QuantumDone d = reports.of(i);
                if (d.failure() != null) { // the lowest CPU's failure, whichever thread finished first
                    fail(d.failure());
                    return Behaviors.stopped();
                }
            }
            return onFirstStageReports();
        }
        batch = null;
        if (!consume(0, reports::of)) {
            return Behaviors.stopped();
        }
        quantumInFlight = false;
        return step();
    }

    /**
     * Quanta of the span in flight are complete: consumes them in order (each as after a barrier) while the CPUs run
     * on; at the span's end (or the run's) the host is free to begin the next.
     */
    private Behavior<Command> onQuantaReady(QuantaReady m) {
        if (m.span() != span) {
            return this; // a span the run already left (it ended inside it)
        }
        for (; consumed <= m.upTo(); consumed++) {
            int k = consumed;
            if (k > 0 && lockstep.beginQuantum() != batch[k]) {
                fail("internal: a span's quantum " + k + " does not end at " + batch[k] + "ns");
                return Behaviors.stopped();
            }
            if (!consume(k, span::of)) {
                return Behaviors.stopped();
            }
            boolean last = k == batch.length - 1;
            if (!last && !controls.isEmpty()) {
                fail(QuantumHook.actedInsideItsSpan(hook, lockstep.nowNs()));
                return Behaviors.stopped();
            }
            if (last || lockstep.finished()) { // the span's end, or the hook ended the run inside it
                span = null;
                batch = null;
                quantumInFlight = false;
                return step();
            }
        }
        return this;
    }

    /**
     * Consumes quantum {@code k} of the span (0 for a single quantum), whose reports {@code of} gives: the CPUs'
     * reports in CPU order, then the hook; false if the run failed (a CPU's failure, the lowest CPU's first, or the
     * hook's).
     */
    private boolean consume(int k, Reports of) {
        for (int i = 0; i < cpus.size(); i++) {
            CpuActor.QuantumDone d = of.of(i, k);
            if (d == null || d.failure() != null) { // the lowest CPU's failure, whichever thread finished first
                fail(d == null ? "internal: cpu " + i + " filed no report for quantum " + k : d.failure());
                return false;
            }
        }
        for (int i = 0; i < cpus.size(); i++) {
            CpuActor.QuantumDone d = of.of(i, k);
            lockstep.accept(i, d.events(), d.framed(), d.retired());
        }
        try {
            hook.afterQuantum(lockstep.nowNs(), lockstep.quantumEvents(), lockstep, controls);
        } catch (RuntimeException | LinkageError | StackOverflowError | AssertionError e) {
            // a failing hook (e.g. a plug-in protocol) ends the run with its message instead of stopping the actor
            // silently, which would leave the caller waiting for an answer that never comes
            fail(e.getMessage() == null ? e.toString() : e.getMessage());
            return false;
        }
        return true;
    }

    /** Starts the next quantum, or answers whoever is waiting for the time reached. */
    private Behavior<Command> step() {
        if (quantumInFlight) {
            return this;
        }
        if (advanceReplyTo != null && (lockstep.nowNs() >= advanceUntilNs || lockstep.finished())) {
            advanceReplyTo.tell(StatusReply.success(lockstep.nowNs()));
            advanceReplyTo = null;
        }
        if (lockstep.finished()) {
            if (runReplyTo != null) {
                runReplyTo.tell(StatusReply.success(lockstep.report(seed, machine.image().buildId().hex())));
                return Behaviors.stopped();
            }
            return this;
        }
        if (runReplyTo == null && advanceReplyTo == null) {
            return this;
        }
        quantumInFlight = true;
        awaited = controls.takeAwaited();
        if (awaited.length == 0) {
            long until = advanceReplyTo != null ? advanceUntilNs : Long.MAX_VALUE;
            batch = lockstep.batchEnds(batchCap == 1 ? lockstep.nowNs() : hook.quietUntilNs(lockstep.nowNs()), until,
                    batchCap);
            lockstep.beginQuantum();
            if (batch.length == 1) {
                reports.expect(cpus.size());
                for (int i = 0; i < cpus.size(); i++) {
                    cpus.get(i).tell(new CpuActor.RunQuantum(batch[0], controls.take(i), reports));
                }
                return this;
            }
            ActorRef<Command> self = getContext().getSelf();
            SpanReports s = new SpanReports(cpus.size(), batch.length, (r, upTo) -> self.tell(new QuantaReady(r, upTo)));
            span = s;
            consumed = 0;
            for (int i = 0; i < cpus.size(); i++) {
                cpus.get(i).tell(new CpuActor.RunQuanta(batch, controls.take(i), s, CHUNK));
            }
            return this;
        }
        long end = lockstep.beginQuantum();
        firstStage = true;
        reports.expect(awaited.length);
        for (int i : awaited) {
            cpus.get(i).tell(new CpuActor.RunQuantum(end, controls.take(i), reports, CpuActor.Stage.UNTIL_STEP));
        }
        return this;
    }

    /**
     * A two-stage quantum (docs/architecture.md §3 rule 7): the awaited CPUs ran first, each until its next
     * rendezvous step; if all took one, the quantum ends at the instant the last did (at least 1 ns after its start),
     * else at its end. Then every CPU runs (on) to that end. Only the CPUs' own states decide: the thread count
     * cannot show.
     */
    private Behavior<Command> onFirstStageReports() {
        boolean allStepped = true;
        long cutPs = 0;
        for (int i : awaited) {
            CpuActor.QuantumDone d = reports.of(i);
            lockstep.acceptPartial(i, d.events(), d.framed());
            allStepped &= d.stepped();
            cutPs = Math.max(cutPs, d.atPs());
        }
        firstStage = false;
        long end = lockstep.nowNs();
        if (allStepped) {
            end = lockstep.cutQuantum(Math.min(end, Math.max(lockstep.quantumStartNs() + 1, Math.ceilDiv(cutPs, 1000))));
        }
        java.util.BitSet first = new java.util.BitSet();
        for (int i : awaited) {
            first.set(i);
        }
        reports.expect(cpus.size());
        for (int i = 0; i < cpus.size(); i++) {
            cpus.get(i).tell(first.get(i) ? new CpuActor.RunQuantum(end, List.of(), reports, CpuActor.Stage.REST)
                    : new CpuActor.RunQuantum(end, controls.take(i), reports));
        }
        return this;
    }

    /** Where a quantum's reports are read: CPU {@code cpu}'s of quantum {@code k}. */
    private interface Reports {
        CpuActor.QuantumDone of(int cpu, int k);
    }

    private void fail(String failure) {
        if (runReplyTo != null) {
            runReplyTo.tell(StatusReply.error(failure));
        }
        if (advanceReplyTo != null) {
            advanceReplyTo.tell(StatusReply.error(failure));
        }
    }
}
