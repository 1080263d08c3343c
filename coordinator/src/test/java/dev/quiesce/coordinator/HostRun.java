package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.coordinator.protocol.RendezvousProtocol;
import dev.quiesce.emulator.memory.XmcModel;
import java.util.function.Function;

import com.typesafe.config.ConfigFactory;
import dev.quiesce.coordinator.oracle.Oracle;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.random.SeedStream;
import dev.quiesce.emulator.samples.SamplePayloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One coordinated host run of any protocol for the tests: boot with extra host settings, upload payloads, run,
 * and keep what the oracles said.
 */
record HostRun(HostReport report, List<ApplyOutcome> outcomes, List<Violation> violations, String finalState,
               byte[] textBefore, byte[] textAfter) {

    /** What to run. */
    record Spec(int cpus, String hostConfig, String protocol, List<String> payloads, List<ApplyRequest> requests,
                List<HostCoordinator.Straggler> stragglers, RetryPolicy retry, ProtocolContext.PatchPolicy patch,
                List<String> oracles, long durationNs) {

        static Spec of(int cpus, String protocol, String payload, ApplyRequest request, long durationNs) {
            return new Spec(cpus, "", protocol, List.of(payload), List.of(request), List.of(), RetryPolicy.none(),
                    ProtocolContext.PatchPolicy.defaults(), List.of("all"), durationNs);
        }

        Spec withHostConfig(String c) {
            return new Spec(cpus, c, protocol, payloads, requests, stragglers, retry, patch, oracles, durationNs);
        }

        Spec withStragglers(List<HostCoordinator.Straggler> s) {
            return new Spec(cpus, hostConfig, protocol, payloads, requests, s, retry, patch, oracles, durationNs);
        }

        Spec withRetry(RetryPolicy r) {
            return new Spec(cpus, hostConfig, protocol, payloads, requests, stragglers, r, patch, oracles, durationNs);
        }

        Spec withPatch(ProtocolContext.PatchPolicy p) {
            return new Spec(cpus, hostConfig, protocol, payloads, requests, stragglers, retry, p, oracles, durationNs);
        }

        Spec withProtocol(String p) {
            return new Spec(cpus, hostConfig, p, payloads, requests, stragglers, retry, patch, oracles, durationNs);
        }

        Spec withOracles(List<String> o) {
            return new Spec(cpus, hostConfig, protocol, payloads, requests, stragglers, retry, patch, o, durationNs);
        }

        Spec withRequests(List<ApplyRequest> r) {
            return new Spec(cpus, hostConfig, protocol, payloads, r, stragglers, retry, patch, oracles, durationNs);
        }
    }

    static HostRun run(Spec spec, long seed) {
        return run(spec, seed, 2);
    }

    static HostRun run(Spec spec, long seed, int threads) {
        return run(spec, seed, threads, dev.quiesce.coordinator.oracle.OracleSettings.defaults());
    }

    static HostRun run(Spec spec, long seed, dev.quiesce.coordinator.oracle.OracleSettings settings) {
        return run(spec, seed, 2, settings);
    }

    static HostRun run(Spec spec, long seed, int threads, dev.quiesce.coordinator.oracle.OracleSettings settings) {
        return run(spec, seed, threads, XmcModel.COHERENT,
                ctx -> BrokenXenVariants.catalog().create(spec.protocol(), ctx), List.of(), settings);
    }

    /**
     * Under cross-modifying-code model {@code xmc}, with the protocol made by {@code protocol} (a variant) and
     * {@code extra} oracles besides the spec's.
     */
    static HostRun run(Spec spec, long seed, int threads, XmcModel xmc,
                       Function<ProtocolContext, RendezvousProtocol> protocol, List<Oracle> extra) {
        return run(spec, seed, threads, xmc, protocol, extra, dev.quiesce.coordinator.oracle.OracleSettings.defaults());
    }

    /** The general form: {@link #run(Spec, long, int, XmcModel, Function, List)} with the oracles' settings. */
    static HostRun run(Spec spec, long seed, int threads, XmcModel xmc,
                       Function<ProtocolContext, RendezvousProtocol> protocol, List<Oracle> extra,
                       dev.quiesce.coordinator.oracle.OracleSettings settings) {
        return run(spec, seed, threads, xmc, dev.quiesce.host.Int3Handler.JAVA, protocol, extra, settings);
    }

    /** The general form with who handles text_poke int3s ({@code text-poke.int3-handler}). */
    static HostRun run(Spec spec, long seed, int threads, XmcModel xmc, dev.quiesce.host.Int3Handler int3,
                       Function<ProtocolContext, RendezvousProtocol> protocol, List<Oracle> extra,
                       dev.quiesce.coordinator.oracle.OracleSettings settings) {
        HostSettings s = HostSettings.from(ConfigFactory.parseString("quiesce.host.cpus = " + spec.cpus() + "\n"
                + spec.hostConfig()).withFallback(ConfigFactory.load())).withXmc(xmc).withInt3Handler(int3);
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(seed).child("host", 0))) {
            List<Oracle> oracles = new ArrayList<>(Oracles.parse(spec.oracles(), settings));
            oracles.addAll(extra);
            HostCoordinator c = new HostCoordinator(m, protocol, spec.requests(), spec.stragglers(),
                    spec.retry(), SeedStream.root(seed).child("host", 0), spec.patch(), oracles);
            Map<String, byte[]> samples = SamplePayloads.assemble(m.image());
            for (String p : spec.payloads()) {
                if (c.registry().upload(p, samples.get(p)).rc() != 0) {
                    throw new IllegalStateException("upload of " + p + " failed");
                }
            }
            dev.quiesce.emulator.memory.Region text = m.image().region("text").orElseThrow();
            byte[] before = m.memory().read(text.address(), (int) text.size());
            HostReport r = HostRunner.run(m, c, seed, spec.durationNs(), threads);
            byte[] after = m.memory().read(text.address(), (int) text.size());
            List<String> states = new ArrayList<>();
            for (String p : spec.payloads()) {
                states.add(c.registry().get(p).state().name());
            }
            return new HostRun(r, c.outcomes(), c.violations(), String.join(",", states), before, after);
        }
    }

    ApplyOutcome last() {
        return outcomes.getLast();
    }
}
