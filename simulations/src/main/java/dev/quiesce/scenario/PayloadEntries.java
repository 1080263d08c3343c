package dev.quiesce.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.quiesce.io.InputFiles;
import dev.quiesce.settings.SettingsReader;
import dev.quiesce.usercode.GuestSpec;
import dev.quiesce.usercode.UserGuestBuilder;
import dev.quiesce.usercode.UserPayload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code payloads} list of a scenario: each entry a sample name ({@code "xen_hello_world"}), a path to a prebuilt
 * payload ({@code "fix.livepatch"}, uploaded as {@code fix}), or a payload built from the user's trees
 * ({@code { name = N, build { base = DIR, patched = DIR } }}, or {@code patch = FILE}, a unified diff of the base,
 * instead of {@code patched}; {@code base} defaults to {@code guest.sources}). A name
 * alone may also refer to a payload the scenario file itself builds, so {@code --set payloads=["fix"]} (what a
 * fleet's canaries and a shrink set) keeps the file's build of {@code fix}. Trees are compiled with the user flags
 * and the guest's defines and includes, and the payload is built once here, so a change that cannot be live-patched
 * is refused before anything runs.
 */
final class PayloadEntries {

    /** The largest payload file read (a payload is a few kilobytes to a few megabytes). */
    static final long MAX_PAYLOAD_BYTES = 64L << 20;
    private static final String KEY = "payloads";
    private static final String FORM = "[\"xen_hello_world\", \"fix.livepatch\", { name = fix, build { base = \"src\","
            + " patched = \"fixed\" } }]";

    private PayloadEntries() {
    }

    /**
     * The payloads of {@code c}; object entries of {@code file} (the scenario file without overrides) are what a name
     * alone may refer to.
     */
    static List<ScenarioPayload> read(Config c, Config file, SettingsReader r, String root, Optional<GuestSpec> guest,
                                      Supplier<UserGuestBuilder> builder) {
        List<ConfigValue> entries = list(c, r);
        Map<String, ConfigValue> defined = new LinkedHashMap<>();
        if (file.hasPath(KEY) && file.getValue(KEY).valueType() == ConfigValueType.LIST) {
            for (ConfigValue v : file.getList(KEY)) {
                if (v instanceof ConfigObject o && o.toConfig().hasPath("name")
                        && o.toConfig().getValue("name").valueType() == ConfigValueType.STRING) {
                    defined.putIfAbsent(o.toConfig().getString("name"), v);
                }
            }
        }
        List<ScenarioPayload> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            ConfigValue v = entries.get(i);
            String prefix = root + "." + KEY + "[" + i + "]";
            ScenarioPayload p;
            if (v.valueType() == ConfigValueType.STRING) {
                String s = (String) v.unwrapped();
                ConfigValue def = defined.get(s);
                p = def != null ? built(def, prefix, guest, builder)
                        : s.endsWith(".livepatch") ? prebuilt(v, prefix) : new ScenarioPayload.Sample(s);
            } else if (v.valueType() == ConfigValueType.OBJECT) {
                p = built(v, prefix, guest, builder);
            } else {
                throw r.invalid(KEY, "has an entry that is neither a name, a .livepatch path nor a build block", FORM);
            }
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("%s: %s: a second payload named %s; give each a distinct name"
                        .formatted(ScenarioPaths.where(v), prefix, p.name()));
            }
            out.add(p);
        }
        return out;
    }

    private static List<ConfigValue> list(Config c, SettingsReader r) {
        try {
            return c.getList(KEY);
        } catch (ConfigException e) {
            throw r.invalid(KEY, "is not a list", FORM);
        }
    }

    private static ScenarioPayload prebuilt(ConfigValue v, String prefix) {
        Path file = ScenarioPaths.resolve(v, prefix);
        String name = file.getFileName().toString().replaceFirst("\\.livepatch$", "");
        try {
            return new ScenarioPayload.Prebuilt(name, file, InputFiles.read(file, MAX_PAYLOAD_BYTES, "payload"));
        } catch (IOException e) {
            throw new IllegalArgumentException(ScenarioPaths.where(v) + ": " + prefix + ": " + e.getMessage(), e);
        }
    }

    private static ScenarioPayload built(ConfigValue v, String prefix, Optional<GuestSpec> guest,
                                         Supplier<UserGuestBuilder> builder) {
        Config o = ((ConfigObject) v).toConfig();
        SettingsReader r = new SettingsReader(o, prefix);
        r.rejectUnknown(Set.of("name", "build", "build.base", "build.patched", "build.patch"));
        String name = r.string("name", "a payload name of letters, digits, '_' and '-'");
        if (o.hasPath("build.patched") == o.hasPath("build.patch")) {
            throw new IllegalArgumentException("%s: %s needs one of build { patched = DIR } or build { patch = FILE }"
                    .formatted(ScenarioPaths.where(v), prefix) + " (a unified diff of the base), and base = DIR"
                    + " (default the guest's sources); e.g. " + FORM);
        }
        if (guest.isEmpty()) {
            throw new IllegalArgumentException("%s: %s builds payload %s from sources, which needs a guest { … } block"
                    .formatted(ScenarioPaths.where(v), prefix, name) + " naming the code it patches (docs/own-code.md)");
        }
        List<Path> base = o.hasPath("build.base")
                ? List.of(ScenarioPaths.resolve(o.getValue("build.base"), prefix + ".build.base"))
                : guest.get().sources();
        UserGuestBuilder b = builder.get();
        Path applied = null;
        try {
            List<Path> patched;
            if (o.hasPath("build.patch")) {
                applied = PatchedTree.of(base, ScenarioPaths.resolve(o.getValue("build.patch"), prefix + ".build.patch"),
                        prefix + ".build");
                patched = List.of(applied);
            } else {
                patched = List.of(ScenarioPaths.resolve(o.getValue("build.patched"), prefix + ".build.patched"));
            }
            UserPayload p = new UserPayload(name, b.compile(base, prefix + ".build.base", guest.get().options()),
                    b.compile(patched, prefix + ".build.patched", guest.get().options()));
            p.check();
            return new ScenarioPayload.Built(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ScenarioPaths.where(v) + ": " + prefix + ": " + e.getMessage(), e);
        } finally {
            PatchedTree.delete(applied);
        }
    }
}
