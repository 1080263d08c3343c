package dev.quiesce.fleet.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.emulator.samples.SamplePayloads;
import dev.quiesce.settings.ConfigSources;
import dev.quiesce.settings.SettingsReader;
import dev.quiesce.fleet.model.FleetModel;
import dev.quiesce.fleet.model.ModelCodec;
import dev.quiesce.fleet.rollout.RolloutPolicy;
import dev.quiesce.seed.Seed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads a fleet scenario: a file ({@code scenarios/fleet-10k.conf}) or a built-in name ({@code fleet-10k}, looked up
 * in {@code scenarios/} of the working directory, then on the classpath), overrides from {@code --set key=value}
 * and the fleet module's reference.conf ({@code quiesce.fleet}) for every default. Every key is validated on read: an
 * unknown key, a wrong type or an out-of-range value is an {@link IllegalArgumentException} naming the file and
 * line, the key and the legal values.
 */
public final class FleetScenarioLoader {

    static final String ROOT = "quiesce.fleet";
    private static final Set<String> KNOWN = Set.of("name", "seed", "hosts", "threads", "classes", "model-file",
            "canaries.emulated", "canaries.scenario", "canaries.classes", "canaries.sets", "canaries.apply-at",
            "payloads", "protocol", "barrier.timeout", "retry", "nmi-policy", "quantum", "apply-at", "horizon",
            "rollout.canary-size", "rollout.growth-factor", "rollout.max-concurrent", "rollout.failure-threshold",
            "rollout.halt-on-violation", "rollout.rollback", "rollout.pause");

    private FleetScenarioLoader() {
    }

    /** The built-in fleet scenarios (files of {@code scenarios/}). */
    public static List<String> builtIns() {
        return List.of("fleet-10k", "fleet-canary-halt");
    }

    /** Loads fleet scenario {@code nameOrFile} with {@code sets} applied on top, in order. */
    public static FleetScenario load(String nameOrFile, List<String> sets) {
        Config top = ConfigSources.overrides(sets, "hosts=200, rollout.canary-size=5");
        Config c;
        try {
            c = top.withFallback(ConfigSources.file(nameOrFile, "fleet scenario", builtIns(),
                    FleetScenarioLoader.class.getClassLoader())).withFallback(ConfigFactory.defaultReference().getConfig(ROOT))
                    .resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("fleet scenario '%s': %s".formatted(nameOrFile, e.getMessage()), e);
        }
        return read(c, nameOrFile, sets);
    }

    private static FleetScenario read(Config c, String source, List<String> sets) {
        SettingsReader r = new SettingsReader(c.withoutPath("models"), ROOT);
        r.rejectUnknown(KNOWN);
        String name = r.string("name", "a string");
        long seed = FleetReads.seed(r, r.string("seed", Seed.FORM));
        int hosts = (int) r.longIn("hosts", 1, 1_000_000);
        int threads = (int) r.longIn("threads", 1, 64);
        String modelFile = r.string("model-file", "a path to a model.json of `quiesce calibrate`, or \"\"");
        FleetModel file = modelFile(r, modelFile, source);
        ModelReader models = new ModelReader(FleetReads.object(c, r, "models"), ROOT + ".models", file);
        List<HostClass> classes = FleetReads.classes(c, r, models);
        String protocol = r.oneOf("protocol", Protocols.names());
        long timeout = r.nanosIn("barrier.timeout", 0, RetryPolicy.MAX_TIMEOUT_NS);
        String retrySpec = r.string("retry", "a retry policy");
        RetryPolicy retry;
        try {
            retry = RetryPolicy.parse(retrySpec);
        } catch (IllegalArgumentException e) {
            throw r.invalid("retry", "= '" + retrySpec + "' is not a retry policy", RetryPolicy.FORMS);
        }
        String nmi = r.oneOf("nmi-policy", List.of("swallow", "defer", "none", "abort"));
        long quantum = r.nanosIn("quantum", 10, 1_000_000);
        long applyAt = r.nanosIn("apply-at", 0, 1_000_000_000);
        long horizon = r.nanosIn("horizon", Math.max(1_000, applyAt + 1), 100_000_000_000L);
        RolloutPolicy policy = FleetReads.policy(c, r);
        List<String> payloads = FleetReads.strings(c, r, "payloads");
        if (payloads.isEmpty() || payloads.size() != Set.copyOf(payloads).size()) {
            throw r.invalid("payloads", "= " + payloads + " is empty or names a payload twice",
                    "a stack of distinct payload names, e.g. [xen_hello_world]");
        }
        List<String> known = SamplePayloads.names(); // what every host (modelled or an emulated canary) can apply
        for (String p : payloads) {
            if (!known.contains(p)) {
                throw r.invalid("payloads", "names '" + p + "', which is not a sample payload",
                        "distinct names of " + known);
            }
        }
        Canaries canaries = FleetReads.canaries(c, r, classes, Math.min(hosts, policy.canarySize()));
        return new FleetScenario(name, source, sets, seed, hosts, threads, classes, canaries, payloads, protocol,
                timeout, retrySpec, retry, nmi, quantum, applyAt, horizon, policy, modelFile);
    }

    private static FleetModel modelFile(SettingsReader r, String modelFile, String source) {
        if (modelFile.isBlank()) {
            return FleetModel.empty();
        }
        Path p = Path.of(modelFile);
        Path beside = Path.of(source).toAbsolutePath().getParent();
        if (!Files.isRegularFile(p) && !p.isAbsolute() && beside != null && Files.isRegularFile(beside.resolve(p))) {
            p = beside.resolve(p);
        }
        try {
            return ModelCodec.read(p);
        } catch (IOException e) {
            throw r.invalid("model-file", "= '" + modelFile + "' cannot be read (" + (e.getMessage() == null ? "input/output error" : e.getMessage())
                    + ")",
                    "a model.json written by `quiesce calibrate SCENARIO -o model.json`, or \"\" for none");
        } catch (IllegalArgumentException e) {
            throw r.invalid("model-file", "= '" + modelFile + "' is not a model file (" + e.getMessage() + ")",
                    "a model.json written by `quiesce calibrate SCENARIO -o model.json`, or \"\" for none");
        }
    }
}
