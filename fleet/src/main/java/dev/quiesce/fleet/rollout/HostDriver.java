package dev.quiesce.fleet.rollout;

import java.util.function.IntPredicate;

/**
 * Runs a {@link HostCommand} on one host and says what became of it: a modelled host, or an emulated canary
 * (implemented in the simulations module, which runs the canary's host scenario). A host's outcome depends only on
 * (fleet seed, host id, command), so drivers are called from several threads at once and in any order.
 */
@FunctionalInterface
public interface HostDriver {

    /** Runs {@code command}; blocking, thread-safe, deterministic. */
    HostOutcome run(HostCommand command);

    /** A driver sending the hosts {@code special} accepts to {@code specialDriver} and the rest to {@code rest}. */
    static HostDriver routing(IntPredicate special, HostDriver specialDriver, HostDriver rest) {
        return c -> special.test(c.host()) ? specialDriver.run(c) : rest.run(c);
    }
}
