package dev.quiesce.emulator.link;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The names of a table closest to a misspelt one, for error messages. */
final class NearNames {

    private static final int LIMIT = 5;

    private NearNames() {
    }

    /** Up to five names within a small edit distance of {@code name}, or containing it, closest first. */
    static List<String> of(String name, Collection<String> names) {
        int threshold = Math.max(2, name.length() / 3);
        record Scored(String name, int distance) {
        }
        return names.stream().map(n -> new Scored(n, distance(name, n)))
                .filter(s -> s.distance() <= threshold || s.name().contains(name) || name.contains(s.name()))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(LIMIT).map(Scored::name).toList();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
