package dev.quiesce.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pinned trace hashes of {@code golden-trace-hashes.properties}: per built-in scenario its golden hash
 * ({@code NAME = HASH}) and, for a scenario pinned at reduced size, the {@code --set} overrides it runs with
 * ({@code NAME.sets = key=value; key=value}). {@link #update} rewrites one golden in the source tree.
 */
final class GoldenTraceHashes {

    /** The resource's name; in the source tree under {@link #SOURCE}. */
    static final String RESOURCE = "golden-trace-hashes.properties";
    /** The file in the source tree, relative to the module (where Maven runs the tests). */
    static final Path SOURCE = Path.of("src/test/resources", RESOURCE);
    /** The system property that makes a failing golden rewrite itself. */
    static final String UPDATE = "quiesce.update-goldens";

    private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9_.-]+)\\s*=\\s*(.*)$");

    private final Map<String, String> values = new LinkedHashMap<>();

    private GoldenTraceHashes() {
    }

    /** Reads the resource from the test class path. */
    static GoldenTraceHashes load() {
        GoldenTraceHashes g = new GoldenTraceHashes();
        try (InputStream in = GoldenTraceHashes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the test class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line.strip());
                if (m.matches()) {
                    g.values.put(m.group(1), m.group(2).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return g;
    }

    /** The scenarios with a golden, in file order. */
    List<String> scenarios() {
        return values.keySet().stream().filter(k -> !k.endsWith(".sets")).toList();
    }

    /** The golden hash of {@code scenario}, or empty when it has none. */
    String hash(String scenario) {
        return values.getOrDefault(scenario, "");
    }

    /** The {@code --set} overrides {@code scenario} is pinned with (none: its default size). */
    List<String> sets(String scenario) {
        String s = values.getOrDefault(scenario + ".sets", "");
        List<String> out = new ArrayList<>();
        for (String part : s.split(";")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    /** Whether the run was asked to rewrite failing goldens ({@code -Dquiesce.update-goldens=true}). */
    static boolean updating() {
        return Boolean.getBoolean(UPDATE);
    }

    /** Sets {@code scenario}'s golden to {@code hash} in the source tree's file (its line, or a new one). */
    static void update(String scenario, String hash) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(SOURCE, StandardCharsets.UTF_8));
            boolean found = false;
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINE.matcher(lines.get(i).strip());
                if (m.matches() && m.group(1).equals(scenario)) {
                    lines.set(i, scenario + " = " + hash);
                    found = true;
                }
            }
            if (!found) {
                lines.add(scenario + " = " + hash);
            }
            Files.write(SOURCE, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + SOURCE.toAbsolutePath(), e);
        }
    }
}
