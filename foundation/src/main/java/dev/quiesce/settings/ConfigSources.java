package dev.quiesce.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where scenario files and their overrides come from: a {@code .conf} file, or a built-in name looked up in
 * {@code scenarios/} of the working directory and then on the class path; and {@code --set key=value} overrides,
 * each keeping "--set …" as its origin so that a validation error names it. Shared by host and fleet scenarios.
 */
public final class ConfigSources {

    /** The largest scenario file read (a built-in one is about a kilobyte). */
    public static final long MAX_FILE_BYTES = 1L << 20;

    private ConfigSources() {
    }

    /**
     * Parses {@code nameOrFile}; {@code kind} ("scenario", "fleet scenario") and {@code builtIns} go into the errors.
     *
     * @throws IllegalArgumentException when it does not parse or does not exist
     */
    public static Config file(String nameOrFile, String kind, List<String> builtIns, ClassLoader loader) {
        ConfigParseOptions opts = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false);
        String file = nameOrFile.endsWith(".conf") ? nameOrFile : nameOrFile + ".conf";
        Path p = Path.of(nameOrFile);
        if (!Files.exists(p) || Files.isDirectory(p)) {
            p = Path.of("scenarios", file);
        }
        try {
            if (Files.exists(p)) { // a FIFO, a device, 100 MB, 2,000-deep nesting: refused before parsing
                String text = dev.quiesce.io.InputFiles.readString(p, MAX_FILE_BYTES, kind + " file");
                HoconLimits.check(text, p.toString());
                return ConfigFactory.parseFile(p.toFile(), opts.setIncluder(new StrictIncluder(p))); // file:line origins
            }
            if (loader.getResource("scenarios/" + file) != null) {
                return ConfigFactory.parseResources(loader, "scenarios/" + file, opts.setIncluder(StrictIncluder.INSTANCE));
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException("%s '%s' does not parse: %s".formatted(kind, nameOrFile, e.getMessage()),
                    e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (dev.quiesce.io.InputFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        throw new IllegalArgumentException("no %s '%s': give a .conf file or one of %s (in scenarios/)"
                .formatted(kind, nameOrFile, builtIns));
    }

    /**
     * The {@code key=value} overrides, later ones winning; a value that is not HOCON is taken as a string.
     * {@code example} shows the form in the error for a malformed one.
     */
    public static Config overrides(List<String> sets, String example) {
        Config top = ConfigFactory.empty();
        for (String s : sets) {
            top = override(s, example).withFallback(top);
        }
        return top;
    }

    private static Config override(String s, String example) {
        int eq = s.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set '%s' is not key=value (e.g. %s)".formatted(s, example));
        }
        // strip(), not trim(): trim() also drops control characters (an ESC), and the value would change unseen
        String key = s.substring(0, eq).strip();
        String value = s.substring(eq + 1).strip();
        ConfigParseOptions opts = ConfigParseOptions.defaults().setOriginDescription("--set " + s)
                .setIncluder(StrictIncluder.INSTANCE);
        HoconLimits.check(value, "--set " + key);
        try {
            return ConfigFactory.parseString(key + " = " + value, opts);
        } catch (ConfigException e) {
            try {
                return ConfigFactory.parseString(key + " = " + ConfigUtil.quoteString(value), opts);
            } catch (ConfigException e2) {
                throw new IllegalArgumentException("--set '%s': %s".formatted(s, e2.getMessage()), e2);
            }
        }
    }
}
