package dev.quiesce.coordinator;

import com.typesafe.config.Config;
import dev.quiesce.host.actor.HostActor;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.host.HostReport;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Runs one booted host with its {@link HostCoordinator} in its own actor system: the {@link HostActor}
 * (lockstep, CPU actors) with the coordinator as its quantum hook — the host side of Xen's
 * {@code do_livepatch_work()} rendezvous (xen/common/livepatch.c). The caller boots and closes the machine,
 * so it can read guest memory afterwards.
 */
public final class CoordinatorRunner {

    private CoordinatorRunner() {
    }

    /**
     * Runs {@code durationNs} of virtual time on {@code threads} dispatcher threads; {@code coordinator} is
     * normally a {@link HostCoordinator} (tests may wrap one to observe the CPUs' events).
     *
     * @throws IllegalStateException if the simulator failed (the message says why)
     */
    public static HostReport run(HostMachine machine, QuantumHook coordinator, long seed, long durationNs,
                                 int threads) {
        if (threads < 1 || durationNs <= 0) {
            throw new IllegalArgumentException("threads and duration must be positive");
        }
        UnicornEngine.librarySource();
        Config config = HostRunner.actorSystemConfig(threads);
        ActorSystem<HostActor.Command> system = ActorSystem.create(
                HostActor.create(machine, seed, durationNs, coordinator), "quiesce", config);
        try {
            return AskPattern.<HostActor.Command, HostReport>askWithStatus(system, HostActor.Run::new,
                    Duration.ofDays(1), system.scheduler()).toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(cause.getMessage(), cause);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }
}
