package dev.quiesce.host.actor;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.random.SeedStream;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * The runner of one host to completion in its own actor system: runs the {@link HostActor} and its CPU actors
 * on a dispatcher of {@code threads} threads (the actor system's default dispatcher), with a quantum hook such
 * as a host coordinator or none, and returns the report.
 */
public final class HostRunner {

    private HostRunner() {
    }

    /** How long an idle dispatcher thread spins before it parks ({@link SpinningExecutor}). */
    static final String SPIN = "50us";

    /**
     * The actor-system configuration of a host run: the host and its CPU actors share the default
     * dispatcher, a fixed pool of {@code threads} threads that poll briefly before they park
     * ({@link SpinningExecutor});
     * quiet logging; no JVM shutdown hook.
     */
    public static Config actorSystemConfig(int threads) {
        return ConfigFactory.parseString("""
                pekko.actor.default-dispatcher {
                  executor = "dev.quiesce.host.actor.SpinningExecutorConfigurator"
                  spinning-executor { threads = %d, spin = %s }
                  throughput = 1
                }
                pekko.loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """.formatted(threads, SPIN)).withFallback(ConfigFactory.load());
    }

    /**
     * Boots a host of {@code settings} and runs it.
     *
     * @throws IllegalStateException if the simulator failed (the message says why)
     * @throws dev.quiesce.emulator.unicorn.UnicornUnavailableException if libunicorn is missing
     */
    public static HostReport run(HostSettings settings, long seed, long durationNs, int threads) {
        checkRun(durationNs, threads);
        UnicornEngines.librarySource(); // fail early, with the install hint, if libunicorn is missing
        try (HostMachine machine = HostMachine.boot(settings, SeedStream.root(seed).child("host", 0))) {
            return run(machine, QuantumHook.NONE, seed, durationNs, threads);
        }
    }

    /**
     * Runs a booted {@code machine} (booted with the streams of {@code seed}) with {@code hook} as its lockstep's
     * quantum hook, e.g. a host coordinator; the caller closes the machine, so it can read guest memory afterwards.
     *
     * @throws IllegalStateException if the simulator failed (the message says why)
     * @throws dev.quiesce.emulator.unicorn.UnicornUnavailableException if libunicorn is missing
     */
    public static HostReport run(HostMachine machine, QuantumHook hook, long seed, long durationNs, int threads) {
        checkRun(durationNs, threads);
        UnicornEngines.librarySource();
        ActorSystem<HostActor.Command> system =
                ActorSystem.create(HostActor.create(machine, seed, durationNs, hook), "quiesce", actorSystemConfig(threads));
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

    private static void checkRun(long durationNs, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (durationNs <= 0) {
            throw new IllegalArgumentException("duration must be positive");
        }
    }
}
