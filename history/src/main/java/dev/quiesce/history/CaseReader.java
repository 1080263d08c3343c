package dev.quiesce.history;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.hunt.OracleTarget;
import dev.quiesce.hunt.Strategy;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.seed.Seed;
import dev.quiesce.settings.SettingsReader;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the {@code history} block of one case file (docs/history.md, "The format"), then checks the
 * case as a whole: the file loads as a scenario (the buggy variant), that scenario checks the case's oracle, and the
 * fixed overrides load too. Every error is an {@link IllegalArgumentException} starting with the file and line of
 * the key at fault (of the block, for a missing key).
 */
public final class CaseReader {

    /** The keys of a {@code history} block. */
    static final Set<String> KEYS = Set.of("project", "commit", "role", "date", "title", "story", "simplifies",
            "oracle", "seed", "fixed", "hunt.strategy", "hunt.budget", "hunt.set", "companion");
    /** Most executions a case's hunt may ask for. */
    static final int MAX_BUDGET = 10_000;
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{12,40}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}(-\\d{2})?");
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final String PREFIX = "history";

    private CaseReader() {
    }

    /**
     * The case {@code id} whose file parsed to {@code file}; {@code source} is what the scenario loader is given for
     * it and {@code origin} where it came from (for messages).
     */
    public static HistoryCase read(String id, String source, String origin, Config file) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("%s: case id '%s' is not lower-case-dashed (e.g. xen-abort-skips-nmi-unmask);"
                    .formatted(origin, id) + " rename the file");
        }
        if (!file.hasPath(PREFIX)) {
            throw new IllegalArgumentException("%s: no history { … } block: a case needs one (docs/history.md)"
                    .formatted(origin));
        }
        ConfigValue block = file.root().get(PREFIX);
        if (!(block instanceof com.typesafe.config.ConfigObject)) {
            throw new IllegalArgumentException("%s: history is not a block { … } (docs/history.md)".formatted(where(block)));
        }
        Config h = file.getConfig(PREFIX);
        String blockAt = where(block);
        SettingsReader r = new SettingsReader(h, PREFIX);
        r.rejectUnknown(KEYS);
        Fields f = new Fields(h, r, blockAt);
        String project = f.text("project", "the project's name, e.g. \"Xen\"");
        String commit = f.matching("commit", COMMIT, "12 to 40 lower-case hex digits of the commit id");
        String role = h.hasPath("role") ? r.oneOf("role", List.of("fix", "bug")) : "fix";
        String date = f.matching("date", DATE, "the commit's date, YYYY-MM or YYYY-MM-DD");
        String title = f.text("title", "the commit's title");
        String story = f.text("story", "3-6 lines on the interleaving, in our own words");
        String simplifies = f.text("simplifies", "what the model simplifies");
        f.require("oracle", "one of " + Oracles.names());
        OracleTarget oracle;
        try {
            oracle = OracleTarget.of(r.string("oracle", "an oracle name"));
        } catch (IllegalArgumentException e) {
            throw r.invalid("oracle", "= '" + h.getValue("oracle").unwrapped() + "' is not an oracle",
                    String.join(", ", Oracles.names()));
        }
        f.require("seed", Seed.FORM);
        long seed;
        try {
            seed = Seed.parseValue(r.string("seed", Seed.FORM));
        } catch (IllegalArgumentException e) {
            throw r.invalid("seed", "is not a seed", Seed.FORM);
        }
        List<String> fixed = f.sets("fixed", true);
        f.require("hunt.strategy", String.join(", ", Strategy.names()));
        Strategy strategy = Strategy.parse(r.oneOf("hunt.strategy", Strategy.names()));
        f.require("hunt.budget", "1.." + MAX_BUDGET);
        int budget = (int) r.longIn("hunt.budget", 1, MAX_BUDGET);
        List<String> huntSets = h.hasPath("hunt.set") ? f.sets("hunt.set", false) : List.of();
        List<String> companion = h.hasPath("companion") ? f.strings("companion", "[\"<commit> <title>\", …]") : List.of();
        HistoryCase c = new HistoryCase(id, source, origin, project, commit, role, date, title, story, simplifies,
                oracle, seed, fixed, new HistoryCase.HuntPlan(strategy, budget, huntSets), companion);
        checkRunnable(c, r);
        return c;
    }

    /** The buggy scenario loads and checks the oracle; the fixed overrides and the hunt's load too. */
    private static void checkRunnable(HistoryCase c, SettingsReader r) {
        Scenario buggy;
        try {
            buggy = ScenarioLoader.load(c.source(), c.buggySets(c.seed()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(c.origin() + ": the case does not load as a scenario: " + e.getMessage(), e);
        }
        try {
            c.oracle().requireCheckedBy(buggy);
        } catch (IllegalArgumentException e) {
            throw r.invalid("oracle", "= " + c.oracle().name() + " is not among the scenario's oracles "
                    + buggy.oracles(), "add it to the file's oracles = [ … ]");
        }
        try {
            ScenarioLoader.load(c.source(), c.fixedSets(c.seed()));
        } catch (IllegalArgumentException e) {
            throw r.invalid("fixed", "does not load: " + e.getMessage(), "--set overrides key=value of scenario keys");
        }
        try {
            ScenarioLoader.load(c.source(), c.hunt().sets());
        } catch (IllegalArgumentException e) {
            throw r.invalid("hunt.set", "does not load: " + e.getMessage(), "--set overrides key=value of scenario keys");
        }
    }

    /** {@code file:line} of a value. */
    static String where(ConfigValue v) {
        var o = v.origin();
        String at = o.filename() != null ? o.filename() : o.resource() != null ? o.resource() : o.description();
        return o.lineNumber() > 0 ? at + ":" + o.lineNumber() : at;
    }

    /** Reads the block's fields, naming the block's line for a missing one. */
    private record Fields(Config h, SettingsReader r, String blockAt) {

        void require(String key, String legal) {
            if (!h.hasPath(key)) {
                throw new IllegalArgumentException("%s: history.%s is missing; legal: %s".formatted(blockAt, key, legal));
            }
        }

        String text(String key, String legal) {
            require(key, legal);
            String v = r.string(key, legal).strip();
            if (v.isEmpty()) {
                throw r.invalid(key, "is empty", legal);
            }
            return v;
        }

        String matching(String key, Pattern p, String legal) {
            String v = text(key, legal);
            if (!p.matcher(v).matches()) {
                throw r.invalid(key, "= '" + v + "' is malformed", legal);
            }
            return v;
        }

        List<String> strings(String key, String legal) {
            try {
                return List.copyOf(h.getStringList(key));
            } catch (ConfigException e) {
                throw r.invalid(key, "is not a list of strings", legal);
            }
        }

        List<String> sets(String key, boolean nonEmpty) {
            String legal = "a list of --set overrides, e.g. [\"protocol=xen.rendezvous\"]";
            require(key, legal);
            List<String> v = strings(key, legal);
            if (nonEmpty && v.isEmpty()) {
                throw r.invalid(key, "is empty: the fixed variant must differ from the buggy one", legal);
            }
            for (String s : v) {
                if (s.indexOf('=') <= 0) {
                    throw r.invalid(key, "has '" + s + "', which is not key=value", legal);
                }
            }
            return v;
        }
    }
}
