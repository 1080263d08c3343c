package dev.quiesce.history;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The history corpus: every case file, read and validated ({@link CaseReader}), in id order. {@link #load()} takes
 * the cases of {@code scenarios/history/} in the working directory and those on the class path (a case in the
 * working directory wins over one of the same id on the class path); {@link #in(Path)} only those of one folder.
 */
public final class Corpus {

    private final List<HistoryCase> cases;

    private Corpus(List<HistoryCase> cases) {
        this.cases = List.copyOf(cases);
    }

    /** The working directory's {@code scenarios/history/} cases, then the class path's. */
    public static Corpus load() {
        Map<String, HistoryCase> byId = new TreeMap<>();
        Path dir = Path.of("scenarios", CaseFiles.FOLDER);
        for (String id : CaseFiles.inDirectory(dir)) {
            byId.put(id, fromFile(id, dir.resolve(id + ".conf")));
        }
        ClassLoader loader = Corpus.class.getClassLoader();
        for (String id : CaseFiles.onClassPath(loader)) {
            if (!byId.containsKey(id)) {
                String resource = "scenarios/" + CaseFiles.FOLDER + "/" + id + ".conf";
                Config c = parse(resource, () -> ConfigFactory.parseResources(loader, resource, options()));
                byId.put(id, CaseReader.read(id, CaseFiles.FOLDER + "/" + id, resource + " (class path)", c));
            }
        }
        return new Corpus(new ArrayList<>(byId.values()));
    }

    /** The cases of the {@code *.conf} files in {@code dir}. */
    public static Corpus in(Path dir) {
        List<HistoryCase> out = new ArrayList<>();
        for (String id : CaseFiles.inDirectory(dir)) {
            out.add(fromFile(id, dir.resolve(id + ".conf")));
        }
        return new Corpus(out);
    }

    private static HistoryCase fromFile(String id, Path file) {
        Config c = parse(file.toString(), () -> ConfigFactory.parseFile(file.toFile(), options()));
        return CaseReader.read(id, file.toString(), file.toString(), c);
    }

    private static ConfigParseOptions options() {
        return ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false);
    }

    private static Config parse(String what, java.util.function.Supplier<Config> p) {
        try {
            return p.get();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("case file " + what + " does not parse: " + e.getMessage(), e);
        }
    }

    /** Every case, by id. */
    public List<HistoryCase> cases() {
        return cases;
    }

    /** Every case id, in order. */
    public List<String> ids() {
        return cases.stream().map(HistoryCase::id).toList();
    }

    /**
     * The cases named {@code ids}, in the order given (every case when none is named); an unknown id is an
     * {@link IllegalArgumentException} listing the legal ones.
     */
    public List<HistoryCase> select(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return cases;
        }
        List<HistoryCase> out = new ArrayList<>();
        for (String id : ids) {
            HistoryCase c = cases.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no history case '%s'; legal: %s".formatted(id,
                            cases.isEmpty() ? "none (no scenarios/history/*.conf found)" : String.join(", ", ids()))));
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
