package dev.quiesce.sim.bench;

import dev.quiesce.time.SuppressForbidden;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.actor.HostActor;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.random.SeedStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;

/**
 * The lockstep's steady-state speed: one host run through its actors, timed only over its second segment of virtual
 * time, after a warm-up segment of the same run — so booting the machine (linking the guest), creating the actor
 * system and the engines, and each engine's first translation of the guest's code are left out, for one CPU as for
 * eight. What is left is what a long run costs per instruction: the CPUs' quanta, the barriers and the host's work.
 */
@SuppressForbidden("a benchmark measures wall-clock time")
final class SteadyLockstep {

    /** Virtual time run before the timed segment: 1 ms, 4 million instructions per CPU at the default speed. */
    static final long WARM_UP_NS = 1_000_000;

    private SteadyLockstep() {
    }

    /**
     * MIPS over all CPUs of a host of {@code settings} (seed {@code seed}) on {@code threads} dispatcher threads,
     * timed over {@code instructionsPerCpu} per CPU after {@link #WARM_UP_NS}. The instructions are counted from
     * virtual time: an emulated CPU that is neither halted nor held retires one instruction per
     * {@code cpu.picos-per-instruction} (the built-in guest never halts: {@code HostRunnerTest} checks the count).
     */
    static double mips(HostSettings settings, long seed, long instructionsPerCpu, int threads) {
        long measuredNs = instructionsPerCpu * settings.cpu().picosPerInstruction() / 1000;
        try (HostMachine m = HostMachine.boot(settings, SeedStream.root(seed).child("host", 0))) {
            ActorSystem<HostActor.Command> system = ActorSystem.create(
                    HostActor.create(m, seed, WARM_UP_NS + measuredNs), "quiesce-steady",
                    HostRunner.actorSystemConfig(threads));
            try {
                long from = advance(system, WARM_UP_NS);
                long start = System.nanoTime(); // forbidden-ok: a benchmark measures wall-clock time
                long to = advance(system, WARM_UP_NS + measuredNs);
                long ns = System.nanoTime() - start; // forbidden-ok: a benchmark measures wall-clock time
                long instructions = settings.cpus() * (to - from) * 1000 / settings.cpu().picosPerInstruction();
                return instructions * 1e3 / ns;
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            }
        }
    }

    private static long advance(ActorSystem<HostActor.Command> system, long untilNs) {
        return AskPattern.<HostActor.Command, Long>askWithStatus(system, r -> new HostActor.Advance(untilNs, r),
                Duration.ofHours(1), system.scheduler()).toCompletableFuture().join();
    }
}
