package dev.quiesce.host.actor;

import com.typesafe.config.Config;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Pekko's hook for the host's dispatcher executor:
 * {@code executor = "dev.quiesce.host.actor.SpinningExecutorConfigurator"}
 * with {@code spinning-executor { threads = N, spin = 100us }} in the dispatcher's configuration builds a
 * {@link SpinningExecutor} ({@link HostRunner#actorSystemConfig}).
 */
public final class SpinningExecutorConfigurator extends ExecutorServiceConfigurator {

    private final int threads;
    private final long spinNs;

    /** Reads {@code spinning-executor.threads} and {@code spinning-executor.spin} of the dispatcher's configuration. */
    public SpinningExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        Config c = config.getConfig("spinning-executor");
        this.threads = c.getInt("threads");
        this.spinNs = c.getDuration("spin", TimeUnit.NANOSECONDS);
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        return new ExecutorServiceFactory() {
            @Override
            public ExecutorService createExecutorService() {
                return new SpinningExecutor(threads, spinNs, threadFactory);
            }
        };
    }
}
