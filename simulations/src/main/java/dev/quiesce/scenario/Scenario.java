package dev.quiesce.scenario;

import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.coordinator.oracle.OracleSettings;
import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.host.HostSettings;
import dev.quiesce.seed.Seed;

import java.util.List;

/**
 * One validated scenario: a host, its payloads and actions, the protocol and its policies, the oracles, the virtual
 * duration and the seed. {@link #source()} and {@link #sets()} are what {@link #replayLine()} needs to rebuild it.
 *
 * @param name       for reports
 * @param source     the scenario's file or built-in name, as given on the command line
 * @param sets       the {@code --set key=value} overrides applied on top, in order
 * @param seed       the run seed
 * @param durationNs virtual time to simulate
 * @param threads    dispatcher threads (the trace hash does not depend on it)
 * @param host       the host's settings
 * @param protocol   the protocol's name
 * @param plugins    plug-in jars or directories the protocol may come from (docs/protocol-api.md)
 * @param retry      the caller's retry policy
 * @param nmi        the NMI policy of every action
 * @param patch      store granularity and spacing
 * @param oracles    oracle names (["all"] for every one, empty for none)
 * @param oracleSettings the oracles' settings (the liveness bound)
 * @param payloads   sample payloads uploaded at boot
 * @param actions    the actions, with the barrier timeout and NMI policy applied
 * @param stragglers stragglers
 * @param guest      the user guest the host runs (docs/own-code.md), or empty for the built-in guest
 * @param payloadSources where each of {@code payloads} comes from (a sample, a file, a build), in the same order
 */
public record Scenario(String name, String source, List<String> sets, long seed, long durationNs, int threads,
                       HostSettings host, String protocol, List<String> plugins, RetryPolicy retry, NmiPolicy nmi,
                       ProtocolContext.PatchPolicy patch, List<String> oracles, OracleSettings oracleSettings,
                       List<String> payloads,
                       List<ApplyRequest> actions, List<HostCoordinator.Straggler> stragglers,
                       java.util.Optional<dev.quiesce.usercode.UserGuest> guest, List<ScenarioPayload> payloadSources) {

    public Scenario {
        sets = List.copyOf(sets);
        plugins = List.copyOf(plugins);
        oracles = List.copyOf(oracles);
        payloads = List.copyOf(payloads);
        actions = List.copyOf(actions);
        stragglers = List.copyOf(stragglers);
        payloadSources = List.copyOf(payloadSources);
    }

    /**
     * This scenario with {@code n} dispatcher threads (a runner that runs several scenarios side by side gives each a
     * share of its threads: {@link RunThreads}); the trace hash, and so every result, does not depend on it.
     */
    public Scenario withThreads(int n) {
        return n == threads ? this : new Scenario(name, source, sets, seed, durationNs, n, host, protocol, plugins,
                retry, nmi, patch, oracles, oracleSettings, payloads, actions, stragglers, guest, payloadSources);
    }

    /** The one command line that replays this scenario with this seed (its plug-ins as {@code --plugins}). */
    public String replayLine() {
        StringBuilder b = new StringBuilder("./quiesce run ").append(source).append(" --seed ")
                .append(Seed.format(seed));
        if (!plugins.isEmpty()) {
            b.append(" --plugins ").append(dev.quiesce.text.Untrusted.shellQuote(String.join(",", plugins)));
        }
        for (String s : sets) {
            if (!s.startsWith("seed=") && !s.startsWith("plugins=")) {
                b.append(" --set ").append(dev.quiesce.text.Untrusted.shellQuote(s));
            }
        }
        return b.toString();
    }
}
