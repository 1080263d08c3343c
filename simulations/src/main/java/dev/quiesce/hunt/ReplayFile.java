package dev.quiesce.hunt;

import dev.quiesce.io.InputFiles;
import dev.quiesce.coordinator.oracle.Violation;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.seed.Seed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A replay file: one finding of {@code quiesce hunt --save} or {@code quiesce shrink --save}, which
 * {@code quiesce replay FILE} re-runs and checks. UTF-8 text, one {@code key: value} per line, {@code #} starts a
 * comment line, keys in any order:
 * <pre>
 * scenario: nmi-in-patched-function                     the scenario's file or built-in name (required)
 * seed: 0x2                                             the run seed (required)
 * set: host.interrupts.injections=[{cpu=3,at=58012ns,kind=nmi}]   a --set override; repeats, applied in order
 * trace-hash: 9f86d0…                                   the run's trace hash (required)
 * oracle: NoTornFetch                                   the violated oracle (absent: no violation expected)
 * message: fetched a 5-byte instruction at …            the violation's message (with oracle)
 * </pre>
 *
 * @param source    the scenario's file or built-in name
 * @param seed      the run seed
 * @param sets      the overrides, in order (the seed is not among them)
 * @param traceHash the expected trace hash
 * @param oracle    the expected violation's oracle, or null for none
 * @param message   the expected violation's message, or null for none
 */
public record ReplayFile(String source, long seed, List<String> sets, String traceHash, String oracle,
                         String message) {

    /** The largest replay file read (one is a few hundred bytes). */
    public static final long MAX_FILE_BYTES = 1L << 20;

    private static final java.util.regex.Pattern TRACE_HASH = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    private static final List<String> KEYS = List.of("scenario", "seed", "set", "trace-hash", "oracle", "message");

    public ReplayFile {
        sets = List.copyOf(sets);
        if ((oracle == null) != (message == null)) {
            throw new IllegalArgumentException("a replay file has both oracle and message, or neither");
        }
    }

    /** The replay file of run {@code r} (its first violation, if any). */
    public static ReplayFile of(ScenarioResult r) {
        Scenario s = r.scenario();
        Violation v = r.violations().isEmpty() ? null : r.violations().getFirst();
        return new ReplayFile(s.source(), s.seed(), Overrides.without(s.sets(), "seed"), r.report().traceHash(),
                v == null ? null : v.oracle(), v == null ? null : oneLine(v.message()));
    }

    /** The scenario it replays. */
    public Scenario scenario() {
        List<String> all = new ArrayList<>(sets);
        all.add("seed=" + Overrides.seedValue(seed));
        return ScenarioLoader.load(source, all);
    }

    /** Writes the file. */
    public void write(Path file) throws IOException {
        StringBuilder b = new StringBuilder("# quiesce replay file: `quiesce replay FILE` re-runs it and checks the"
                + " violation and the trace hash.\n# One `key: value` per line; `set` repeats, applied in order.\n");
        b.append("scenario: ").append(source).append('\n').append("seed: ").append(Seed.format(seed)).append('\n');
        sets.forEach(s -> b.append("set: ").append(s).append('\n'));
        b.append("trace-hash: ").append(traceHash).append('\n');
        if (oracle != null) {
            b.append("oracle: ").append(oracle).append('\n').append("message: ").append(message).append('\n');
        }
        dev.quiesce.io.OutputFiles.writeString(file, b.toString());
    }

    /** Reads {@code file}; a malformed line is an {@link IllegalArgumentException} naming the file and line. */
    public static ReplayFile read(Path file) throws IOException {
        String source = null;
        String seed = null;
        String hash = null;
        String oracle = null;
        String message = null;
        List<String> sets = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> lines = InputFiles.readString(file, MAX_FILE_BYTES, "replay file").lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String key = colon < 0 ? line : line.substring(0, colon).strip();
            if (colon < 0 || !KEYS.contains(key)) {
                throw new IllegalArgumentException("%s:%d: '%s' is not `key: value` with a key of %s"
                        .formatted(file, i + 1, line, KEYS));
            }
            String value = line.substring(colon + 1).strip();
            if (!key.equals("set") && seen.contains(key)) {
                throw new IllegalArgumentException("%s:%d: a second `%s:` line; a replay file has one (only `set`"
                        .formatted(file, i + 1, key) + " repeats): delete one");
            }
            seen.add(key);
            switch (key) {
                case "scenario" -> source = value;
                case "seed" -> seed = value;
                case "set" -> sets.add(value);
                case "trace-hash" -> hash = value;
                case "oracle" -> oracle = value;
                default -> message = value;
            }
        }
        if (source == null || seed == null || hash == null) {
            throw new IllegalArgumentException(file + ": a replay file needs scenario, seed and trace-hash lines"
                    + " (written by `quiesce hunt --save` or `quiesce shrink --save`)");
        }
        try {
            checkTraceHash("trace-hash", hash);
            return new ReplayFile(source, parseSeed(seed), sets, hash, oracle, message);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a trace hash that is not 64 lowercase hex digits, before anything runs; {@code what} names it. */
    public static void checkTraceHash(String what, String hash) {
        if (!TRACE_HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException(what + " '" + dev.quiesce.text.Untrusted.show(hash)
                    + "' is not 64 hex digits (a SHA-256, as `quiesce run` prints it after trace-hash=)");
        }
    }

    /** A message as one line (a replay file holds one value a line). */
    static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static long parseSeed(String s) {
        try {
            return Seed.parseValue(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("seed " + e.getMessage(), e);
        }
    }
}
