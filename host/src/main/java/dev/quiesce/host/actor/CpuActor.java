package dev.quiesce.host.actor;

import dev.quiesce.cpu.Cpu;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.FramedEvents;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The actor of one emulated CPU: runs its {@link Cpu} to the end of each quantum it is asked to run
 * and files the quantum's events, with their trace-hash bytes encoded on its own thread ({@link FramedEvents}), at
 * the quantum's barrier ({@link QuantumReports}), whose last CPU tells the host actor. Or it runs a span of quanta
 * ({@link RunQuanta}) a chunk at a time, filing one report per quantum ({@link SpanReports}) without waiting for the
 * other CPUs (docs/architecture.md §3 rule 8). The CPU (and its Unicorn
 * engine) is created on the actor's first message thread and closed when the actor stops.
 */
public final class CpuActor extends AbstractBehavior<CpuActor.Command> {

    /** Messages a CPU actor understands. */
    public sealed interface Command {
    }

    /**
     * Apply {@code controls} (in order, at the boundary), run until virtual time {@code endNs}, then report to
     * {@code reports}; in {@code stage} of a two-stage quantum (docs/architecture.md §3 rule 7).
     */
    record RunQuantum(long endNs, List<CpuControl> controls, QuantumReports reports, Stage stage)
            implements Command {

        /** A whole quantum. */
        RunQuantum(long endNs, List<CpuControl> controls, QuantumReports reports) {
            this(endNs, controls, reports, Stage.WHOLE);
        }
    }

    /**
     * Apply {@code controls} at the boundary, then run the quanta ending at {@code ends} back to back (each begun as a
     * whole quantum is), {@code chunk} at a time — between two chunks the actor yields its thread to the others —,
     * filing each chunk's reports, one per quantum, at {@code reports}: a span without barriers
     * (docs/architecture.md §3 rule 8). A failure ends the span at its quantum.
     */
    record RunQuanta(long[] ends, List<CpuControl> controls, SpanReports reports, int chunk) implements Command {
    }

    /** Go on with {@code span} from its quantum {@code from}. */
    private record Continue(RunQuanta span, int from) implements Command {
    }

    /** Which part of a quantum a {@link RunQuantum} asks for. */
    public enum Stage {
        /** The whole quantum: apply the commands, run to its end. */
        WHOLE,
        /** An awaited CPU's first stage: apply the commands, run until its next rendezvous step or the end. */
        UNTIL_STEP,
        /** An awaited CPU's second stage: go on (no commands) to the end the host cut the quantum at. */
        REST
    }

    /**
     * A CPU's report for one quantum.
     *
     * @param cpu      the CPU id
     * @param events   its events of the quantum, in its own order
     * @param framed   the same events' trace-hash bytes (valid until the CPU's next {@code RunQuantum}), or null
     * @param retired  instructions retired since boot
     * @param halted   whether it stopped on a fault
     * @param failure  null, or why the simulator (not the guest) failed: the run cannot go on
     * @param stepped  whether it took a rendezvous step in the quantum (what a {@link Stage#UNTIL_STEP} awaits)
     * @param atPs     its local time in picoseconds when it stopped
     */
    public record QuantumDone(int cpu, List<CpuEvent> events, FramedEvents framed, long retired, boolean halted,
                              String failure, boolean stepped, long atPs) {
    }

    private final int id;
    private final Cpu cpu;
    private final FramedEvents framed = new FramedEvents();
    private FramedEvents[] spanFramed = new FramedEvents[0]; // one per quantum of a span, reused span after span
    private String failure;

    private CpuActor(ActorContext<Command> context, int id, Supplier<Cpu> factory) {
        super(context);
        this.id = id;
        Cpu created = null;
        try {
            created = factory.get();
        } catch (RuntimeException e) {
            failure = "cannot create cpu " + id + ": " + e.getMessage();
        }
        this.cpu = created;
    }

    /** A CPU actor with id {@code id} around the CPU that {@code factory} creates. */
    public static Behavior<Command> create(int id, Supplier<Cpu> factory) {
        return Behaviors.setup(ctx -> new CpuActor(ctx, id, factory));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RunQuantum.class, this::onRunQuantum)
                .onMessage(RunQuanta.class, m -> runChunk(m, 0))
                .onMessage(Continue.class, m -> runChunk(m.span(), m.from()))
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onRunQuantum(RunQuantum msg) {
        List<CpuEvent> events = new ArrayList<>();
        boolean stepped = false;
        if (failure == null) {
            try {
                if (msg.stage() != Stage.REST) {
                    for (CpuControl c : msg.controls()) {
                        cpu.control(c);
                    }
                    cpu.begin();
                }
                stepped = cpu.runTo(msg.endNs(), events, msg.stage() == Stage.UNTIL_STEP);
                framed.clear().addAll(events); // in parallel with the other CPUs: the host only copies the bytes
            } catch (RuntimeException e) {
                failure = "cpu " + id + " failed at " + cpu.nowNs() + "ns: " + e;
            }
        }
        msg.reports().report(failure == null
                ? new QuantumDone(id, events, framed, cpu.retired(), cpu.halted(), null, stepped, cpu.nowPs())
                : new QuantumDone(id, List.of(), null, 0, true, failure, false, 0));
        return this;
    }

    private Behavior<Command> runChunk(RunQuanta span, int from) {
        long[] ends = span.ends();
        if (spanFramed.length < ends.length) {
            FramedEvents[] grown = java.util.Arrays.copyOf(spanFramed, ends.length);
            for (int k = spanFramed.length; k < ends.length; k++) {
                grown[k] = new FramedEvents();
            }
            spanFramed = grown;
        }
        int to = Math.min(ends.length, from + span.chunk());
        QuantumDone[] done = new QuantumDone[to - from];
        int n = 0;
        for (int k = from; k < to; k++) {
            List<CpuEvent> events = new ArrayList<>();
            if (failure == null) {
                try {
                    if (k == 0) {
                        for (CpuControl c : span.controls()) {
                            cpu.control(c);
                        }
                    }
                    cpu.begin();
                    boolean stepped = cpu.runTo(ends[k], events, false);
                    FramedEvents f = spanFramed[k].clear().addAll(events);
                    done[n++] = new QuantumDone(id, events, f, cpu.retired(), cpu.halted(), null, stepped, cpu.nowPs());
                    continue;
                } catch (RuntimeException e) {
                    failure = "cpu " + id + " failed at " + cpu.nowNs() + "ns: " + e;
                }
            }
            done[n++] = new QuantumDone(id, List.of(), null, 0, true, failure, false, 0);
            break; // a failure ends the span here: the host stops at this quantum
        }
        span.reports().file(id, from, done, n);
        if (failure == null && to < ends.length) {
            getContext().getSelf().tell(new Continue(span, to));
        }
        return this;
    }

    private Behavior<Command> onPostStop() {
        if (cpu != null) {
            cpu.close();
        }
        return this;
    }
}
