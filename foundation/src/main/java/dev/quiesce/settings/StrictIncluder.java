package dev.quiesce.settings;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigParseable;
import dev.quiesce.io.InputFileException;
import dev.quiesce.io.InputFiles;

import java.io.File;
import java.net.URL;
import java.nio.file.Path;

/**
 * How a scenario's {@code include}s are read: a local file that must exist and be a regular file within the bounds
 * of {@link HoconLimits} (like the scenario itself), or a class-path resource that must exist; {@code include
 * url(…)} is refused (a scenario never reaches the network).
 */
final class StrictIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {

    /** For a resource on the class path: includes resolve beside it through the library. */
    static final StrictIncluder INSTANCE = new StrictIncluder(null, java.util.List.of());

    /** The deepest chain of includes (a scenario including a file including a file …). */
    static final int MAX_INCLUDE_DEPTH = 16;

    private final Path file;

    /** The files being included, outermost first, ending with {@code file}: a file in it is an include cycle. */
    private final java.util.List<Path> chain;

    /** Includes of {@code file} (null: of a class-path resource) resolve beside it. */
    StrictIncluder(Path file) {
        this(file, file == null ? java.util.List.of() : java.util.List.of(file));
    }

    private StrictIncluder(Path file, java.util.List<Path> chain) {
        this.file = file;
        this.chain = chain;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        if (file != null) {
            return includeFile(context, file.resolveSibling(what).toFile());
        }
        ConfigParseable p = context.relativeTo(what);
        if (p == null) {
            throw new ConfigException.BadPath(what, "cannot include it here: include a file next to the scenario");
        }
        String file = p.origin().filename();
        if (file != null) {
            return includeFile(context, new File(file));
        }
        if (p.origin().url() != null && !"jar".equals(p.origin().url().getProtocol())
                && !"file".equals(p.origin().url().getProtocol())) {
            return includeURL(context, p.origin().url());
        }
        return p.parse(strict(context));
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File file) {
        Path path = file.toPath();
        for (Path outer : chain) {
            if (same(outer, path)) {
                throw new ConfigException.BadPath(file.toString(), "include cycle: " + outer + " includes itself"
                        + " through " + chain.getLast() + "; remove one of the includes");
            }
        }
        if (chain.size() >= MAX_INCLUDE_DEPTH) {
            throw new ConfigException.BadPath(file.toString(), "includes nest deeper than " + MAX_INCLUDE_DEPTH
                    + " files; flatten them");
        }
        java.util.List<Path> inner = new java.util.ArrayList<>(chain);
        inner.add(path);
        try {
            String text = InputFiles.readString(path, HoconLimits.MAX_CHARS, "included file");
            HoconLimits.check(text, path.toString());
            return ConfigFactory.parseFile(file, context.parseOptions().setAllowMissing(false)
                    .setIncluder(new StrictIncluder(path, java.util.List.copyOf(inner)))).root();
        } catch (InputFileException | IllegalArgumentException e) {
            throw new ConfigException.BadPath(file.toString(), e.getMessage());
        }
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL url) {
        throw new ConfigException.BadPath(url.toString(), "include url(…) is refused: a scenario includes local files only");
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String resource) {
        if (file != null) {
            throw new ConfigException.BadPath(resource, "include classpath(…) is refused in a scenario file: include"
                    + " a file next to it");
        }
        return ConfigFactory.parseResources(resource, strict(context)).root();
    }

    private static boolean same(Path a, Path b) {
        try {
            return java.nio.file.Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static ConfigParseOptions strict(ConfigIncludeContext context) {
        return context.parseOptions().setAllowMissing(false).setIncluder(INSTANCE);
    }
}
