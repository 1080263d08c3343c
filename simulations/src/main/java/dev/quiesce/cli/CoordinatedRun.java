package dev.quiesce.cli;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.cpu.actor.HostRunner;
import dev.quiesce.cpu.host.HostMachine;
import dev.quiesce.cpu.host.HostReport;
import dev.quiesce.cpu.host.HostSettings;
import dev.quiesce.cpu.random.SeedStream;
import dev.quiesce.emulator.samples.SamplePayloads;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.splice.registry.XenResult;
import picocli.CommandLine.ParameterException;

import java.util.List;
import java.util.Map;

/**
 * A {@code quiesce run} with a host coordinator: boots the host, uploads the sample payload to apply, and runs
 * it with the protocol (Xen's {@code do_livepatch_work()} rendezvous, xen/common/livepatch.c) issuing the apply
 * at its virtual time.
 *
 * @param report   the host's report (its trace hash includes the rendezvous's events)
 * @param protocol the protocol's name
 * @param outcomes every attempt's outcome, in order (empty when none was requested or finished)
 */
record CoordinatedRun(HostReport report, String protocol, List<ApplyOutcome> outcomes,
                      List<dev.quiesce.coordinator.oracle.Violation> violations) {

    static CoordinatedRun run(HostSettings settings, long seed, long durationNs, int threads, String protocol,
                              String payload, long timeoutNs, long atNs, RetryPolicy retry) {
        return run(settings, seed, durationNs, threads, protocol, payload, timeoutNs, atNs, retry, NmiPolicy.DEFAULT,
                dev.quiesce.coordinator.protocol.ProtocolContext.PatchPolicy.defaults(),
                dev.quiesce.coordinator.oracle.Oracles.all());
    }

    static CoordinatedRun run(HostSettings settings, long seed, long durationNs, int threads, String protocol,
                              String payload, long timeoutNs, long atNs, RetryPolicy retry, NmiPolicy nmi,
                              dev.quiesce.coordinator.protocol.ProtocolContext.PatchPolicy patch,
                              List<dev.quiesce.coordinator.oracle.Oracle> oracles) {
        UnicornEngine.librarySource();
        try (HostMachine m = HostMachine.boot(settings, SeedStream.root(seed).child("host", 0))) {
            List<ApplyRequest> requests = payload == null ? List.of()
                    : List.of(ApplyRequest.apply(atNs, payload).withTimeout(timeoutNs).withNmiPolicy(nmi));
            HostCoordinator c;
            try {
                c = new HostCoordinator(m, protocol, requests, List.of(), retry, SeedStream.root(seed).child("host", 0),
                        patch, oracles);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(new picocli.CommandLine(new RunCommand()), e.getMessage());
            }
            if (payload != null) {
                Map<String, byte[]> samples = SamplePayloads.assemble(m.image());
                byte[] bytes = samples.get(payload);
                if (bytes == null) {
                    throw new ParameterException(new picocli.CommandLine(new RunCommand()),
                            "no sample payload '%s'; known: %s".formatted(payload, samples.keySet()));
                }
                XenResult up = c.registry().upload(payload, bytes);
                if (!up.ok()) {
                    throw new IllegalStateException("upload of " + payload + " failed: " + up);
                }
            }
            HostReport r = HostRunner.run(m, c, seed, durationNs, threads);
            return new CoordinatedRun(r, c.protocol(), c.outcomes(), c.violations());
        }
    }
}
