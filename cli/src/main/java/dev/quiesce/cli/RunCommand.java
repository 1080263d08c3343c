package dev.quiesce.cli;

import dev.quiesce.coordinator.protocol.Protocols;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code quiesce run}: the options of one scenario run; every option becomes a scenario key (see {@link ScenarioRun}),
 * so a run is always a scenario and its replay line carries every choice.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario (default: xen-default) on one host of emulated CPUs.",
                "Every option overrides a key of the scenario (--apply replaces its actions), so the replay line"
                        + " carries it."})
final class RunCommand implements Callable<Integer> {

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "A scenario file or a"
            + " built-in name: xen-default (the default), straggler, irq-storm, nmi-in-patched-function,"
            + " mixed-versions-unsafe, large-host-128, compare-protocols (scenarios/).")
    String scenario;

    @Option(names = "--record", description = "Write the run's event trace to this file (length-delimited protobuf).")
    Path record;

    @Option(names = "--report", description = "Write a self-contained report.html (timeline, histograms) into this directory.")
    Path report;

    @Option(names = "--perfetto", description = "Export the trace as Chrome/Perfetto trace-event JSON (one track per CPU).")
    Path perfetto;

    @Option(names = "--seed", description = "Run seed, decimal or 0x-hex (default: the scenario's; 0x5eed).")
    String seed;

    @Option(names = "--cpus", description = "Emulated CPUs, 1..256 (default: from reference.conf, 8).")
    Integer cpus;

    @Option(names = "--duration", description = "Virtual time to simulate, e.g. 50ms, 200us (default: the scenario's;"
            + " 50ms with --apply).")
    String duration;

    @Option(names = "--threads", description = "Dispatcher threads for the CPU actors (default: ${DEFAULT-VALUE}); the trace hash does not depend on it.", defaultValue = "2")
    int threads;

    @Option(names = "--json", description = "Also write the results as JSON to this file.")
    Path json;

    @picocli.CommandLine.Mixin
    ForceOption outputs;

    @Option(names = "--protocol", description = "Rendezvous protocol: ${COMPLETION-CANDIDATES}, or a plug-in's name"
            + " (--plugins) (default: the scenario's; xen.rendezvous).",
            completionCandidates = ProtocolNames.class)
    String protocol;

    @Option(names = "--apply", description = "Apply this sample payload (see `payload samples`, e.g. xen_hello_world) at --at, instead of the"
            + " scenario's actions.")
    String apply;

    @Option(names = "--timeout", description = "Rendezvous timeout of the apply (default: Xen's 30ms).")
    String timeout;

    @Option(names = "--retry", description = "Caller's retry after -EBUSY (a timed-out rendezvous): none (Xen, the default);"
            + " fixed(attempts,delay), e.g. fixed(5,2s); kpatch = fixed = fixed(5,2s) (kpatch load); ksplice = fixed(5,1s);"
            + " exponential(base,factor,max,jitter,attempts), e.g. exponential(1ms,2,16ms,0.25,5); bare exponential:"
            + " from the timeout, x2, up to 16x, +-25%% seeded jitter, 5 attempts; adaptive(attempts,delay,margin,maxTimeout),"
            + " each timeout grown from the last attempt's arrivals; bare adaptive = adaptive(5,1ms,2,480ms).",
            defaultValue = "none")
    String retry;

    @Option(names = "--nmi-policy", description = "NMIs inside the rendezvous window: swallow (Xen's mask_nmi_callback,"
            + " lost; the default), defer (latched, delivered after release), none (the handler runs) or abort"
            + " (kpatch: an NMI entering a function being changed fails the apply with -EBUSY).",
            defaultValue = "swallow")
    String nmiPolicy;

    @Option(names = "--granularity", description = "Store granularity of the patch: whole-site (Xen's memcpy,"
            + " the default for xen.rendezvous and stop-machine), per-byte (the default for unsafe.no-barrier), aligned-8"
            + " or int3 (text-poke.int3 always uses it).")
    String granularity;

    @Option(names = "--store-spacing", description = "Virtual time between two stores of a plan, e.g. 2ns (default: 0,"
            + " all at one boundary; unsafe.no-barrier at least 1ns). The host shrinks its quantum meanwhile.")
    String storeSpacing;

    @Option(names = "--xmc", description = "Cross-modifying-code model: coherent (default: every code store is fetched"
            + " by every CPU's next instruction), serialize (a CPU fetches stale code until its next serialising event:"
            + " CPUID, IRET, a sync IPI, the protocol's release), errata (serialize, plus stores spanning a 16-byte fetch"
            + " block may be seen torn), arm (a store is fetched only after its cache maintenance and then an ISB,"
            + " exception entry or return, or the release). See docs/cross-modifying-code.md.", defaultValue = "coherent")
    String xmc;

    @Option(names = "--oracles", description = "Comma-separated oracles checked after every event: all (default), none,"
            + " or names from NoTornFetch, NoMixedVersions, AllOrNothing, NoCodeChangeAfterAbort,"
            + " RegistryTransitionsLegal, GuestAssertions.", defaultValue = "all")
    String oracles;

    @Option(names = "--set", description = "Override a scenario key, e.g. --set barrier.timeout=1ms; host keys as"
            + " host.…, e.g. --set host.interrupts.nmi-rate-per-ms=100; repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--at", description = "Virtual time of the --apply hypercall (default: ${DEFAULT-VALUE}).", defaultValue = "1ms")
    String at;

    @picocli.CommandLine.Mixin
    PluginsOption plugins;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return ScenarioRun.run(this, spec);
    }

    /** The registered protocol names, for picocli's completion candidates. */
    static final class ProtocolNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Protocols.names().iterator();
        }
    }
}
