package dev.quiesce.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.quiesce.settings.SettingsReader;
import dev.quiesce.usercode.CompileOptions;
import dev.quiesce.usercode.GuestSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code guest { … }} block of a scenario (docs/own-code.md): the user's sources, the functions the user shell
 * calls, the quiescence point, defines and include folders — validated with the file and line of each key, paths
 * relative to the scenario file's folder.
 */
final class GuestBlock {

    static final String KEY = "guest";
    /** {@code quiescence = idle}: the idle loop's {@code check_for_livepatch_work}. */
    static final String IDLE = "idle";

    private static final Set<String> KNOWN = Set.of("sources", "workload", "quiescence", "idle-every", "irq-calls",
            "nmi-calls", "mce-calls", "init", "defines", "includes");

    private GuestBlock() {
    }

    /** The spec of the block at {@code guest} of {@code c}, or empty if there is none. */
    static Optional<GuestSpec> read(Config c, String root) {
        if (!c.hasPath(KEY)) {
            return Optional.empty();
        }
        String prefix = root + "." + KEY;
        Config g;
        try {
            g = c.getConfig(KEY);
        } catch (ConfigException e) {
            throw new SettingsReader(c, root).invalid(KEY, "is not a block",
                    "guest { sources = [\"src\"], workload = my_workload }");
        }
        SettingsReader r = new SettingsReader(g, prefix);
        r.rejectUnknown(KNOWN);
        if (!g.hasPath("sources") || !g.hasPath("workload")) {
            throw new SettingsReader(c, root).invalid(KEY, "needs sources and workload",
                    "guest { sources = [\"src\"], workload = my_workload, … } (docs/own-code.md)");
        }
        List<Path> sources = paths(g, r, "sources", prefix);
        String workload = r.string("workload", "a C function name");
        String q = g.hasPath("quiescence") ? r.string("quiescence", "idle or a C function name") : IDLE;
        Optional<String> quiescence = q.equals(IDLE) ? Optional.empty() : Optional.of(q);
        long idleEvery = g.hasPath("idle-every") ? r.longIn("idle-every", 0, GuestSpec.MAX_IDLE_EVERY)
                : quiescence.isEmpty() ? 1 : 0;
        if (quiescence.isEmpty() && idleEvery == 0) {
            throw r.invalid("idle-every", "= 0 never visits the idle loop, the quiescence point of quiescence = idle",
                    "1.." + GuestSpec.MAX_IDLE_EVERY + ", or name a quiescence function");
        }
        List<String> defines = g.hasPath("defines") ? strings(g, r, "defines") : List.of();
        List<Path> include = g.hasPath("includes") ? paths(g, r, "includes", prefix) : List.of();
        try {
            return Optional.of(new GuestSpec(sources, workload, quiescence, idleEvery, optional(g, r, "irq-calls"),
                    optional(g, r, "nmi-calls"), optional(g, r, "mce-calls"), optional(g, r, "init"),
                    new CompileOptions(defines, include, Map.of())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(new SettingsReader(c, root).origin(KEY) + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> optional(Config g, SettingsReader r, String key) {
        return g.hasPath(key) ? Optional.of(r.string(key, "a C function name")) : Optional.empty();
    }

    static List<String> strings(Config g, SettingsReader r, String key) {
        try {
            return List.copyOf(g.getStringList(key));
        } catch (ConfigException e) {
            throw r.invalid(key, "is not a list of strings", "[\"a\", \"b\"]");
        }
    }

    /** The paths of list {@code key}, each relative to the file that set it. */
    static List<Path> paths(Config g, SettingsReader r, String key, String prefix) {
        List<Path> out = new ArrayList<>();
        List<ConfigValue> values;
        try {
            values = g.getList(key);
        } catch (ConfigException e) {
            throw r.invalid(key, "is not a list of paths", "[\"src\", \"lib/util.c\"]");
        }
        for (ConfigValue v : values) {
            if (v.valueType() != ConfigValueType.STRING) {
                throw r.invalid(key, "is not a list of paths", "[\"src\", \"lib/util.c\"]");
            }
            out.add(ScenarioPaths.resolve(v, prefix + "." + key));
        }
        return out;
    }
}
