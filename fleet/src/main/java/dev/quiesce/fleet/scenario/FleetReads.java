package dev.quiesce.fleet.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import dev.quiesce.settings.SettingsReader;
import dev.quiesce.fleet.model.Empirical;
import dev.quiesce.fleet.rollout.RolloutPolicy;
import dev.quiesce.seed.Seed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The validating reads of a fleet scenario's compound keys: the classes with their stragglers, the canaries, the
 * rollout policy, lists, booleans and the seed — each error naming the file and line, the key and what is legal.
 */
final class FleetReads {

    private static final Set<String> CLASS_KEYS = Set.of("name", "share", "cpus", "stragglers.share",
            "stragglers.cpus", "stragglers.lead", "stragglers.length", "expectation-mismatch");
    private static final String CLASS_FORM = "[{ name = web, share = 0.6, cpus = 32, model = xen-default,"
            + " stragglers = { share = 0.2, cpus = 1, lead = 5us, length = [1ms, 4ms] }, expectation-mismatch = 0 }]";
    private static final int MAX_EMULATED_CPUS = 256;

    private FleetReads() {
    }

    static List<HostClass> classes(Config c, SettingsReader r, ModelReader models) {
        List<? extends Config> list;
        try {
            list = c.getConfigList("classes");
        } catch (ConfigException e) {
            throw r.invalid("classes", "is not a list of objects", CLASS_FORM);
        }
        if (list.isEmpty() || list.size() > 100) {
            throw r.invalid("classes", "has " + list.size() + " classes", "1..100 classes: " + CLASS_FORM);
        }
        List<HostClass> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        double sum = 0;
        for (int i = 0; i < list.size(); i++) {
            String prefix = FleetScenarioLoader.ROOT + ".classes[" + i + "]";
            Config k = list.get(i);
            SettingsReader a = new SettingsReader(k.withoutPath("model"), prefix);
            a.rejectUnknown(CLASS_KEYS);
            String name = a.string("name", "a class name");
            if (!names.add(name)) {
                throw a.invalid("name", "= '" + name + "' names a class twice", "distinct class names");
            }
            double share = a.doubleIn("share", 0, 1);
            sum += share;
            int cpus = (int) a.longIn("cpus", 1, 4096);
            ModelReader.Named model = models.read(k, prefix, name);
            double mismatch = k.hasPath("expectation-mismatch") ? a.doubleIn("expectation-mismatch", 0, 1) : 0;
            out.add(new HostClass(name, share, cpus, model.model(), model.name(), stragglers(k, a), mismatch));
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw r.invalid("classes", "has shares summing to " + sum, "shares summing to 1");
        }
        return out;
    }

    private static StragglerSpec stragglers(Config k, SettingsReader a) {
        if (!k.hasPath("stragglers")) {
            return StragglerSpec.none();
        }
        double share = a.doubleIn("stragglers.share", 0, 1);
        int cpus = (int) a.longIn("stragglers.cpus", 1, 4095);
        long lead = k.hasPath("stragglers.lead") ? a.nanosIn("stragglers.lead", 0, 1_000_000_000) : 0;
        List<Duration> lengths;
        try {
            lengths = k.getDurationList("stragglers.length");
        } catch (ConfigException e) {
            throw a.invalid("stragglers.length", "is not a list of durations", "[1ms, 4ms] (each 1ns..4s)");
        }
        long[] ns = lengths.stream().mapToLong(Duration::toNanos).toArray();
        for (long v : ns) {
            if (v < 1 || v > 4_000_000_000L) {
                throw a.invalid("stragglers.length", "has " + v + "ns", "at least one duration, each 1ns..4s");
            }
        }
        if (ns.length == 0) {
            throw a.invalid("stragglers.length", "is empty", "at least one duration, each 1ns..4s");
        }
        return new StragglerSpec(share, cpus, lead, Empirical.of(ns));
    }

    static Canaries canaries(Config c, SettingsReader r, List<HostClass> classes, int firstWave) {
        int emulated = (int) r.longIn("canaries.emulated", 0, firstWave);
        String scenario = r.string("canaries.scenario", "a host scenario name or file, e.g. xen-default");
        List<String> from = strings(c, r, "canaries.classes");
        List<String> names = classes.stream().map(HostClass::name).toList();
        for (String n : from) {
            if (!names.contains(n)) {
                throw r.invalid("canaries.classes", "names no class '" + n + "'", "[] (any) or names from " + names);
            }
        }
        if (emulated > 0) {
            for (HostClass k : classes) {
                if ((from.isEmpty() || from.contains(k.name())) && k.cpus() > MAX_EMULATED_CPUS) {
                    throw r.invalid("canaries.classes", "lets class '" + k.name() + "' of " + k.cpus()
                            + " CPUs be emulated", "classes of at most " + MAX_EMULATED_CPUS + " CPUs (the guest's)");
                }
            }
        }
        List<String> sets = strings(c, r, "canaries.sets");
        long at = r.nanosIn("canaries.apply-at", 1_000, 1_000_000_000);
        return new Canaries(emulated, scenario, from, sets, at);
    }

    static RolloutPolicy policy(Config c, SettingsReader r) {
        return new RolloutPolicy((int) r.longIn("rollout.canary-size", 1, 1_000_000),
                r.doubleIn("rollout.growth-factor", 1, 1000), (int) r.longIn("rollout.max-concurrent", 1, 1_000_000),
                r.doubleIn("rollout.failure-threshold", 0, 1), bool(c, r, "rollout.halt-on-violation"),
                bool(c, r, "rollout.rollback"), r.nanosIn("rollout.pause", 0, 86_400_000_000_000L));
    }

    static List<String> strings(Config c, SettingsReader r, String key) {
        try {
            return List.copyOf(c.getStringList(key));
        } catch (ConfigException e) {
            throw r.invalid(key, "is not a list of strings", "[\"a\", \"b\"]");
        }
    }

    static ConfigObject object(Config c, SettingsReader r, String key) {
        try {
            return c.hasPath(key) ? c.getObject(key) : ConfigFactory.empty().root();
        } catch (ConfigException e) {
            throw r.invalid(key, "is not an object", "{ name = " + ModelReader.FORM + " }");
        }
    }

    static boolean bool(Config c, SettingsReader r, String key) {
        try {
            return c.getBoolean(key);
        } catch (ConfigException e) {
            throw r.invalid(key, "is not a boolean", "true or false");
        }
    }

    static long seed(SettingsReader r, String s) {
        try {
            return Seed.parseValue(s);
        } catch (IllegalArgumentException e) {
            throw r.invalid("seed", "= '" + s + "' is not a number", Seed.FORM);
        }
    }
}
