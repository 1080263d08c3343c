package dev.quiesce.fleet.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.quiesce.settings.SettingsReader;
import dev.quiesce.fleet.model.CpuModel;
import dev.quiesce.fleet.model.Empirical;
import dev.quiesce.fleet.model.FleetModel;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the CPU model of a fleet class: a name looked up in the model file (when the fleet names one), then in the
 * fleet's {@code models} block (reference.conf's built-in models included), or an inline object with the keys
 * {@value #FORM}.
 */
final class ModelReader {

    static final String FORM = "{ quiescence-gap = [2us, 5us], irq-rate-per-ms = 6, irq-duration = [1us, 3us],"
            + " nmi-rate-per-ms = 0.05, nmi-duration = [1us] }";
    private static final Set<String> KEYS = Set.of("quiescence-gap", "irq-rate-per-ms", "irq-duration",
            "nmi-rate-per-ms", "nmi-duration");

    private final ConfigObject models;
    private final FleetModel file;
    private final String modelsPrefix;

    /**
     * Models from {@code models} (the fleet's block, its keys under {@code modelsPrefix} in errors) and {@code file}
     * (may be empty).
     */
    ModelReader(ConfigObject models, String modelsPrefix, FleetModel file) {
        this.models = models;
        this.file = file;
        this.modelsPrefix = modelsPrefix;
    }

    /** The model that the key {@code model} of class {@code cls} (keys under {@code prefix}) names or spells out. */
    Named read(Config cls, String prefix, String className) {
        SettingsReader r = new SettingsReader(cls, prefix);
        ConfigValue v;
        try {
            v = cls.getValue("model");
        } catch (ConfigException e) {
            throw r.invalid("model", "is missing", legalNames());
        }
        if (v.valueType() == ConfigValueType.OBJECT) {
            return new Named(inline(((ConfigObject) v).toConfig(), prefix + ".model", className), "inline");
        }
        if (v.valueType() != ConfigValueType.STRING) {
            throw r.invalid("model", "is neither a model name nor a model object", legalNames() + " or " + FORM);
        }
        String name = cls.getString("model");
        if (file.names().contains(name)) {
            return new Named(file.model(name), name);
        }
        ConfigValue m = models.get(name);
        if (m == null || m.valueType() != ConfigValueType.OBJECT) {
            throw r.invalid("model", "= '" + name + "' names no model", legalNames());
        }
        return new Named(inline(((ConfigObject) m).toConfig(), modelsPrefix + "." + name, name), name);
    }

    /** A model and its name. */
    record Named(CpuModel model, String name) {
    }

    private String legalNames() {
        Set<String> names = new TreeSet<>(file.names());
        names.addAll(models.keySet());
        return "a model name, one of " + names;
    }

    private static CpuModel inline(Config c, String where, String workloadClass) {
        SettingsReader r = new SettingsReader(c, where);
        r.rejectUnknown(KEYS);
        return new CpuModel(workloadClass, durations(c, r, "quiescence-gap"), r.doubleIn("irq-rate-per-ms", 0, 10_000),
                durations(c, r, "irq-duration"), r.doubleIn("nmi-rate-per-ms", 0, 10_000), durations(c, r,
                "nmi-duration"));
    }

    private static Empirical durations(Config c, SettingsReader r, String key) {
        List<Duration> list;
        try {
            list = c.getDurationList(key);
        } catch (ConfigException e) {
            throw r.invalid(key, "is not a list of durations", "[1us, 2500ns, 3us] (at least one, each 0..10s)");
        }
        if (list.isEmpty() || list.size() > 1_000_000) {
            throw r.invalid(key, "has " + list.size() + " values", "1..1000000 durations");
        }
        long[] ns = new long[list.size()];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = list.get(i).toNanos();
            if (ns[i] < 0 || ns[i] > 10_000_000_000L) {
                throw r.invalid(key, "has " + list.get(i) + " out of range", "each duration 0..10s");
            }
        }
        return Empirical.of(ns);
    }
}
