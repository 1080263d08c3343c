package dev.quiesce.fleet.rollout;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link Rollout} to its end: a {@link RolloutCoordinator} in its own actor system, host commands on a pool of
 * {@code workers} threads. The result does not depend on the number of workers.
 */
public final class RolloutRunner {

    private RolloutRunner() {
    }

    /**
     * Runs {@code rollout} with {@code driver} on {@code workers} threads (blocking).
     *
     * @throws IllegalStateException if a host driver failed (the message says why)
     */
    public static RolloutResult run(Rollout rollout, HostDriver driver, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemons());
        ActorSystem<RolloutCoordinator.Command> system = ActorSystem.create(
                RolloutCoordinator.create(rollout, driver, pool), "fleet", config());
        try {
            return AskPattern.<RolloutCoordinator.Command, RolloutResult>askWithStatus(system,
                    RolloutCoordinator.Start::new, Duration.ofDays(1), system.scheduler()).toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(cause.getMessage(), cause);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
            pool.shutdownNow();
        }
    }

    private static Config config() {
        return ConfigFactory.parseString("""
                pekko.actor.default-dispatcher {
                  executor = "thread-pool-executor"
                  thread-pool-executor.fixed-pool-size = 1
                }
                pekko.loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """).withFallback(ConfigFactory.load());
    }

    private static ThreadFactory daemons() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "fleet-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
