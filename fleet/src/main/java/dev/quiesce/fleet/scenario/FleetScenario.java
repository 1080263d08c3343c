package dev.quiesce.fleet.scenario;

import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.fleet.rollout.RolloutPolicy;

import java.util.List;

/**
 * One validated fleet scenario: the hosts and their classes, the emulated canaries, the payload stack, the protocol
 * with its timeout, retry and NMI policies, the modelled hosts' quantum, apply time and horizon, and the rollout
 * policy. {@link #source()} and {@link #sets()} rebuild it.
 *
 * @param name       for reports
 * @param source     the fleet file or built-in name, as given
 * @param sets       the {@code --set key=value} overrides applied on top, in order
 * @param seed       the fleet seed: every host's streams derive from it and the host id
 * @param hosts      hosts in the fleet
 * @param threads    worker threads running host applies (the fleet trace hash does not depend on it)
 * @param classes    the workload classes
 * @param canaries   the emulated canaries
 * @param payloads   the payload stack, applied in order on every host
 * @param protocol   the rendezvous protocol
 * @param timeoutNs  the rendezvous timeout (0 = Xen's 30 ms)
 * @param retrySpec  the retry policy as written (for the canaries' scenario)
 * @param retry      the caller's retry after -EBUSY
 * @param nmiPolicy  the NMI policy as written
 * @param quantumNs  the modelled hosts' lockstep quantum
 * @param applyAtNs  when a modelled host's apply is issued (its CPUs start at a random point of their work)
 * @param horizonNs  the most virtual time one host command may take, retries included
 * @param policy     the rollout policy
 * @param modelFile  the model file the class models came from, or empty
 */
public record FleetScenario(String name, String source, List<String> sets, long seed, int hosts, int threads,
                            List<HostClass> classes, Canaries canaries, List<String> payloads, String protocol,
                            long timeoutNs, String retrySpec, RetryPolicy retry, String nmiPolicy, long quantumNs,
                            long applyAtNs, long horizonNs, RolloutPolicy policy, String modelFile) {

    public FleetScenario {
        sets = List.copyOf(sets);
        classes = List.copyOf(classes);
        payloads = List.copyOf(payloads);
    }

    /** The NMI policy of every request. */
    public NmiPolicy nmi() {
        return NmiPolicy.parse(nmiPolicy);
    }

    /** The one command line that reruns this fleet. */
    public String replayLine() {
        StringBuilder b = new StringBuilder("./quiesce fleet ").append(source);
        for (String s : sets) {
            b.append(" --set ").append(dev.quiesce.text.Untrusted.shellQuote(s));
        }
        return b.toString();
    }
}
