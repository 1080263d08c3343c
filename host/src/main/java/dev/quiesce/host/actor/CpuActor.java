package dev.quiesce.host.actor;

import dev.quiesce.cpu.Cpu;
import dev.quiesce.cpu.CpuControl;
import dev.quiesce.cpu.CpuEvent;
import org.apache.pekko.actor.typed.ActorRef;
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
 * and replies with the quantum's events. The CPU (and its Unicorn engine) is created on the actor's
 * first message thread and closed when the actor stops.
 */
public final class CpuActor extends AbstractBehavior<CpuActor.Command> {

    /** Messages a CPU actor understands. */
    public sealed interface Command {
    }

    /**
     * Apply {@code controls} (in order, at the boundary), run until virtual time {@code endNs}, then reply; in
     * {@code stage} of a two-stage quantum (docs/architecture.md §3 rule 7).
     */
    public record RunQuantum(long endNs, List<CpuControl> controls, ActorRef<QuantumDone> replyTo, Stage stage)
            implements Command {

        /** A whole quantum. */
        public RunQuantum(long endNs, List<CpuControl> controls, ActorRef<QuantumDone> replyTo) {
            this(endNs, controls, replyTo, Stage.WHOLE);
        }

        /** Run without controls. */
        public RunQuantum(long endNs, ActorRef<QuantumDone> replyTo) {
            this(endNs, List.of(), replyTo);
        }
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
     * @param retired  instructions retired since boot
     * @param halted   whether it stopped on a fault
     * @param failure  null, or why the simulator (not the guest) failed: the run cannot go on
     * @param stepped  whether it took a rendezvous step in the quantum (what a {@link Stage#UNTIL_STEP} awaits)
     * @param atPs     its local time in picoseconds when it stopped
     */
    public record QuantumDone(int cpu, List<CpuEvent> events, long retired, boolean halted, String failure,
                              boolean stepped, long atPs) {

        /** A report without a stage's details. */
        public QuantumDone(int cpu, List<CpuEvent> events, long retired, boolean halted, String failure) {
            this(cpu, events, retired, halted, failure, false, 0);
        }
    }

    private final int id;
    private final Cpu cpu;
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
            } catch (RuntimeException e) {
                failure = "cpu " + id + " failed at " + cpu.nowNs() + "ns: " + e;
            }
        }
        msg.replyTo().tell(failure == null
                ? new QuantumDone(id, events, cpu.retired(), cpu.halted(), null, stepped, cpu.nowPs())
                : new QuantumDone(id, List.of(), 0, true, failure));
        return this;
    }

    private Behavior<Command> onPostStop() {
        if (cpu != null) {
            cpu.close();
        }
        return this;
    }
}
