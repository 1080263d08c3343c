package dev.quiesce.cpu.actor;

import dev.quiesce.cpu.Cpu;
import dev.quiesce.cpu.host.HostInterrupts;
import dev.quiesce.cpu.host.HostLockstep;
import dev.quiesce.cpu.host.HostMachine;
import dev.quiesce.cpu.host.HostReport;
import dev.quiesce.cpu.host.HostSettings;
import dev.quiesce.cpu.random.SeedStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.util.ArrayList;
import java.util.List;

/**
 * The actor of one simulated host: spawns one {@link CpuActor} per CPU of a booted machine on its
 * own dispatcher (so a quantum's round trip stays on the same threads instead of waking parked
 * ones: measured 26 → 60+ MIPS for one CPU at a 1us quantum), and advances them quantum by quantum through a {@link HostLockstep} until the run's
 * virtual duration, then replies with the {@link HostReport} and stops.
 */
public final class HostActor extends AbstractBehavior<HostActor.Command> {

    /** Messages a host actor understands. */
    public sealed interface Command {
    }

    /** Run the host for its duration and reply with the report, or an error if the simulator failed. */
    public record Run(ActorRef<StatusReply<HostReport>> replyTo) implements Command {
    }

    private record CpuReported(CpuActor.QuantumDone done) implements Command {
    }

    private final HostMachine machine;
    private final HostLockstep lockstep;
    private final long seed;
    private final List<ActorRef<CpuActor.Command>> cpus = new ArrayList<>();
    private final ActorRef<CpuActor.QuantumDone> reports;
    private ActorRef<StatusReply<HostReport>> replyTo;

    private HostActor(ActorContext<Command> context, HostMachine machine, long seed, long durationNs) {
        super(context);
        this.seed = seed;
        this.machine = machine;
        HostSettings settings = machine.settings();
        SeedStream host = SeedStream.root(seed).child("host", 0);
        this.lockstep = new HostLockstep(settings.cpus(), settings.quantumNs(), durationNs);
        this.reports = context.messageAdapter(CpuActor.QuantumDone.class, CpuReported::new);
        for (int i = 0; i < settings.cpus(); i++) {
            int id = i;
            SeedStream cpuStream = host.child("cpu", id);
            cpus.add(context.spawn(
                    CpuActor.create(id, () -> new Cpu(id, machine,
                            HostInterrupts.schedule(settings.interrupts(), cpuStream))),
                    "cpu-" + id, DispatcherSelector.sameAsParent()));
        }
    }

    /**
     * A host actor over a booted {@code machine} (booted with the streams of {@code seed}) that runs
     * {@code durationNs} of virtual time. The caller closes the machine after the actor stopped.
     */
    public static Behavior<Command> create(HostMachine machine, long seed, long durationNs) {
        return Behaviors.setup(ctx -> new HostActor(ctx, machine, seed, durationNs));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Run.class, this::onRun)
                .onMessage(CpuReported.class, this::onCpuReported)
                .build();
    }

    private Behavior<Command> onRun(Run msg) {
        replyTo = msg.replyTo();
        return nextQuantum();
    }

    private Behavior<Command> onCpuReported(CpuReported msg) {
        CpuActor.QuantumDone d = msg.done();
        if (d.failure() != null) {
            replyTo.tell(StatusReply.error(d.failure()));
            return Behaviors.stopped();
        }
        if (!lockstep.accept(d.cpu(), d.events(), d.retired())) {
            return this;
        }
        if (lockstep.finished()) {
            replyTo.tell(StatusReply.success(lockstep.report(seed, machine.image().buildId().hex())));
            return Behaviors.stopped();
        }
        return nextQuantum();
    }

    private Behavior<Command> nextQuantum() {
        long end = lockstep.beginQuantum();
        for (ActorRef<CpuActor.Command> cpu : cpus) {
            cpu.tell(new CpuActor.RunQuantum(end, reports));
        }
        return this;
    }
}
