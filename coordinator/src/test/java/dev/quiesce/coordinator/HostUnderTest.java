package dev.quiesce.coordinator;

import com.typesafe.config.ConfigFactory;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.random.SeedStream;
import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.emulator.samples.SamplePayloads;

import java.util.List;

/** One coordinated host run for the tests: boot, upload xen_hello_world, run, and read the guest afterwards. */
record HostUnderTest(HostReport report, ApplyOutcome outcome, String extraVersion, byte[] textBefore,
                     byte[] textAfter, String state, List<ApplyOutcome> outcomes) {

    static final String HELLO = "xen_hello_world";

    static HostUnderTest run(int cpus, long seed, long durationNs, int threads, List<ApplyRequest> requests,
                             List<HostCoordinator.Straggler> stragglers) {
        return run(cpus, seed, durationNs, threads, requests, stragglers, RetryPolicy.none());
    }

    static HostUnderTest run(int cpus, long seed, long durationNs, int threads, List<ApplyRequest> requests,
                             List<HostCoordinator.Straggler> stragglers, RetryPolicy retry) {
        HostSettings s = HostSettings.from(ConfigFactory.parseString("quiesce.host.cpus = " + cpus)
                .withFallback(ConfigFactory.load()));
        try (HostMachine m = HostMachine.boot(s, SeedStream.root(seed).child("host", 0))) {
            HostCoordinator c = new HostCoordinator(m, "xen.rendezvous", requests, stragglers, retry,
                    SeedStream.root(seed).child("host", 0));
            byte[] payload = SamplePayloads.assemble(m.image()).get(HELLO);
            if (c.registry().upload(HELLO, payload).rc() != 0) {
                throw new IllegalStateException("upload failed");
            }
            dev.quiesce.emulator.memory.Region text = m.image().region("text").orElseThrow();
            long base = text.address();
            int textLen = (int) text.size();
            byte[] before = m.memory().read(base, textLen);
            HostReport r = HostRunner.run(m, c, seed, durationNs, threads);
            byte[] after = m.memory().read(base, textLen);
            GuestCall call = CoordinatedRegistry.caller(m);
            String extra = GuestCall.readCString(m.memory(), call.call(m.address("xen_extra_version")), 64);
            ApplyOutcome o = c.outcomes().isEmpty() ? null : c.outcomes().getFirst();
            return new HostUnderTest(r, o, extra, before, after, c.registry().get(HELLO).state().name(),
                    c.outcomes());
        }
    }
}
