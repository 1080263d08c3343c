package dev.quiesce.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.coordinator.HostCoordinator;
import dev.quiesce.coordinator.oracle.OracleSettings;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.coordinator.protocol.NmiPolicy;
import dev.quiesce.coordinator.protocol.ProtocolContext;
import dev.quiesce.coordinator.protocol.plugin.ProtocolCatalog;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.host.Int3Handler;
import dev.quiesce.guest.GuestProgram;
import dev.quiesce.host.HostSettings;
import dev.quiesce.isa.Arch;
import dev.quiesce.settings.ConfigSources;
import dev.quiesce.seed.Seed;
import dev.quiesce.settings.SettingsReader;
import dev.quiesce.splice.Granularity;
import dev.quiesce.splice.registry.Action;
import dev.quiesce.usercode.GuestSpec;
import dev.quiesce.usercode.UserGuest;
import dev.quiesce.usercode.UserGuestBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a scenario: a file ({@code scenarios/straggler.conf}) or a built-in name ({@code straggler}, looked up in
 * {@code scenarios/} of the working directory, then on the classpath), overrides from {@code --set key=value}, and
 * this module's reference.conf for every default. Every key is validated on read: an unknown key, a wrong type or an
 * out-of-range value is an {@link IllegalArgumentException} naming the file, line, key and legal values. A
 * {@code guest { … }} block runs the user's own code ({@link GuestBlock}, docs/own-code.md): it is compiled and
 * link-checked here, as are the payloads built from the user's trees ({@link PayloadEntries}). A top-level
 * {@code history { … }} block (a case of the history corpus, docs/history.md) is accepted and ignored: the corpus
 * reader validates it.
 */
public final class ScenarioLoader {

    /** The scenario run when none is named. */
    public static final String DEFAULT = "xen-default";

    private static final String ROOT = "quiesce.scenario";
    /** The top-level block of a history-corpus case (docs/history.md): read by the corpus, ignored here. */
    private static final String HISTORY = "history";
    private static final Set<String> KNOWN = Set.of("name", "seed", "duration", "threads", "protocol", "plugins",
            "barrier.timeout", "barrier.irq-phase-quantum", "retry", "nmi-policy", "xmc", "arch", "text-poke.int3-handler",
            "store.granularity",
            "store.spacing", "oracles", "oracle-settings.liveness-bound", "payloads", "actions", "stragglers");
    private static final Map<String, Granularity> GRANULARITIES = Map.of("whole-site", Granularity.WHOLE_SITE,
            "per-byte", Granularity.PER_BYTE, "aligned-8", Granularity.ALIGNED_8, "int3", Granularity.INT3);

    private ScenarioLoader() {
    }

    /** Loads scenario {@code nameOrFile} with {@code sets} applied on top, in order. */
    public static Scenario load(String nameOrFile, List<String> sets) {
        Config file = ConfigSources.file(nameOrFile, "scenario", builtIns(), ScenarioLoader.class.getClassLoader());
        Config top = ConfigSources.overrides(sets, "barrier.timeout=5ms, host.cpus=16");
        Config reference = ConfigFactory.defaultReference();
        Config c = top.withFallback(file).withFallback(reference.getConfig(ROOT)).resolve();
        return read(c, file, reference, nameOrFile, sets);
    }

    /** The built-in scenario names (files of {@code scenarios/}). */
    public static List<String> builtIns() {
        return List.of("xen-default", "xen-default-arm64", "straggler", "irq-storm", "nmi-in-patched-function", "mixed-versions-unsafe",
                "large-host-128", "compare-protocols");
    }

    private static Scenario read(Config c, Config file, Config reference, String source, List<String> sets) {
        Config scenarioOnly = c.withoutPath("host").withoutPath(HISTORY).withoutPath(GuestBlock.KEY);
        SettingsReader r = new SettingsReader(scenarioOnly, ROOT);
        r.rejectUnknown(KNOWN);
        Config hostConfig = c.hasPath("host") ? c.getConfig("host") : ConfigFactory.empty();
        Arch arch = Arch.parse(r.oneOf("arch", List.of(Arch.X86_64.label(), Arch.AARCH64.label())));
        XmcModel xmc = XmcModel.parse(r.oneOf("xmc", XmcModel.names()));
        if ((xmc == XmcModel.ARM) != (arch == Arch.AARCH64) && xmc != XmcModel.COHERENT) {
            throw r.invalid("xmc", "= %s models %s hardware, but arch = %s".formatted(xmc.label(),
                    xmc == XmcModel.ARM ? "Arm" : "x86", arch.label()), arch == Arch.AARCH64 ? "coherent or arm"
                    : "coherent, serialize or errata");
        }
        HostSettings host = HostSettings.from(hostConfig.atPath("quiesce.host").withFallback(reference))
                .withXmc(xmc)
                .withInt3Handler(Int3Handler.parse(r.oneOf("text-poke.int3-handler", Int3Handler.names())));
        if (arch == Arch.AARCH64) {
            host = host.withGuest(GuestProgram.builtIn(arch));
        }
        String name = r.string("name", "a string");
        if (!dev.quiesce.text.Untrusted.isPrintableName(name)) {
            // the name is printed in every report and replay line: no terminal escapes, no megabyte names
            throw r.invalid("name", "has control characters or is over 200 characters",
                    "a printable name of at most 200 characters, e.g. my-scenario");
        }
        long seed = seed(r, r.string("seed", Seed.FORM));
        long duration = r.nanosIn("duration", 1_000, 10_000_000_000L);
        int threads = (int) r.longIn("threads", 1, 64);
        List<String> plugins = stringList(c, r, "plugins");
        ProtocolCatalog catalog = ProtocolCatalog.of(plugins); // a PluginException names the path or class itself
        String protocol = r.oneOf("protocol", catalog.names());
        long timeout = r.nanosIn("barrier.timeout", 0, 0xFFFF_FFFFL);
        RetryPolicy retry;
        try {
            retry = RetryPolicy.parse(r.string("retry", "a retry policy"));
        } catch (IllegalArgumentException e) {
            throw r.invalid("retry", "is not a retry policy (" + e.getMessage() + ")", RetryPolicy.FORMS);
        }
        NmiPolicy nmi = NmiPolicy.parse(r.oneOf("nmi-policy", List.of("swallow", "defer", "none", "abort")));
        List<String> gs = new ArrayList<>(List.of("default"));
        gs.addAll(new TreeSet<>(GRANULARITIES.keySet()));
        String g = r.oneOf("store.granularity", gs);
        java.util.Optional<String> elsewhere = catalog.refusal(protocol, arch);
        if (elsewhere.isPresent()) {
            throw r.invalid("protocol", "= %s %s".formatted(protocol, elsewhere.get()),
                    "a protocol for %s hosts: %s".formatted(arch.label(), catalog.names().stream()
                            .filter(n -> catalog.refusal(n, arch).isEmpty()).toList()));
        }
        if (arch == Arch.AARCH64 && g.equals("int3")) { // the splice engine refuses it off x86 too (EOPNOTSUPP)
            throw r.invalid("store.granularity", "= int3 is x86's breakpoint-guarded store sequence; an A64"
                    + " instruction is one aligned word, written by one store", "whole-site, per-byte, aligned-8");
        }
        long spacing = r.nanosIn("store.spacing", 0, 1_000_000);
        // a quantum finer than the host's, or the host's own: the default (20 ns) stays legal with any host.quantum
        long irqPhaseQuantum = Math.min(host.quantumNs(), r.nanosIn("barrier.irq-phase-quantum", 0, 1_000_000));
        ProtocolContext.PatchPolicy patch = new ProtocolContext.PatchPolicy(GRANULARITIES.get(g), spacing,
                irqPhaseQuantum);
        List<String> oracles = stringList(c, r, "oracles");
        try {
            Oracles.parse(oracles);
        } catch (IllegalArgumentException e) {
            throw r.invalid("oracles", "names an unknown oracle", "[all], [] or names from " + Oracles.names());
        }
        OracleSettings oracleSettings = new OracleSettings(r.nanosIn("oracle-settings.liveness-bound", 0,
                OracleSettings.MAX_LIVENESS_BOUND_NS));
        Optional<GuestSpec> guestSpec = GuestBlock.read(c, ROOT);
        if (guestSpec.isPresent() && arch != Arch.X86_64) { // before anything is compiled
            throw r.invalid("arch", "= %s with a guest { } block: your own code runs on x86-64 hosts only"
                    .formatted(arch.label()), "x86-64, or no guest block");
        }
        Optional<UserGuest> guest = guestSpec.map(spec -> UserGuestBuilder.standard().build(spec));
        if (guest.isPresent()) {
            host = host.withGuest(guest.get().program());
        }
        List<ScenarioPayload> payloadSources = PayloadEntries.read(c, file, r, ROOT, guestSpec, UserGuestBuilder::standard);
        List<String> payloads = payloadSources.stream().map(ScenarioPayload::name).toList();
        List<ApplyRequest> actions = new ArrayList<>();
        List<? extends Config> list;
        try {
            list = c.getConfigList("actions");
        } catch (ConfigException e) {
            throw r.invalid("actions", "is not a list of objects", "[{ at = 1ms, action = apply, payload = NAME, cpu = 0 }]");
        }
        for (int i = 0; i < list.size(); i++) {
            SettingsReader a = new SettingsReader(list.get(i), ROOT + ".actions[" + i + "]");
            a.rejectUnknown(Set.of("at", "action", "payload", "cpu"));
            long at = a.nanosIn("at", 0, duration);
            Action action = Action.valueOf(a.oneOf("action", List.of("apply", "revert", "replace"))
                    .toUpperCase(Locale.ROOT));
            String payload = a.string("payload", "a payload name");
            int cpu = list.get(i).hasPath("cpu") ? (int) a.longIn("cpu", 0, host.cpus() - 1) : 0;
            if (!payloads.contains(payload)) {
                throw a.invalid("payload", "= '" + payload + "' is not uploaded", "one of payloads " + payloads);
            }
            actions.add(new ApplyRequest(at, payload, action, timeout, cpu, 1, nmi));
        }
        List<HostCoordinator.Straggler> stragglers = new ArrayList<>();
        List<? extends Config> sl;
        try {
            sl = c.getConfigList("stragglers");
        } catch (ConfigException e) {
            throw r.invalid("stragglers", "is not a list of objects", "[{ cpu = 7, at = 900us, iterations = 40000000 }]");
        }
        for (int i = 0; i < sl.size(); i++) {
            SettingsReader a = new SettingsReader(sl.get(i), ROOT + ".stragglers[" + i + "]");
            a.rejectUnknown(Set.of("cpu", "at", "iterations"));
            stragglers.add(new HostCoordinator.Straggler((int) a.longIn("cpu", 0, host.cpus() - 1),
                    a.nanosIn("at", 0, duration), a.longIn("iterations", 1, 4_000_000_000L)));
        }
        return new Scenario(name, source, sets, seed, duration, threads, host, protocol, plugins, retry, nmi, patch,
                oracles, oracleSettings, payloads, actions, stragglers, guest, payloadSources);
    }

    private static List<String> stringList(Config c, SettingsReader r, String key) {
        try {
            return List.copyOf(c.getStringList(key));
        } catch (ConfigException e) {
            throw r.invalid(key, "is not a list of strings", "[\"a\", \"b\"]");
        }
    }

    private static long seed(SettingsReader r, String s) {
        try {
            return Seed.parseValue(s);
        } catch (IllegalArgumentException e) {
            throw r.invalid("seed", "= '" + s + "' is not a number", Seed.FORM);
        }
    }

    /** For tests: the keys a scenario may set at its top level (besides host.*). */
    static Set<String> knownKeys() {
        return KNOWN;
    }
}
