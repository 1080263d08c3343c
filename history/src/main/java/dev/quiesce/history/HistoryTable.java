package dev.quiesce.history;

import dev.quiesce.seed.Seed;

import java.util.ArrayList;
import java.util.List;

/**
 * The corpus's tables: the listing of {@code quiesce history} (case, project, commit, title) and the measurement of
 * {@code quiesce history run} (case, commit, oracle, documented seed, executions to find, shrunk size, fixed), as
 * aligned text or as a Markdown table for docs/history.md.
 */
public final class HistoryTable {

    private static final List<String> RUN_HEADERS = List.of("case", "commit", "oracle", "seed", "caught+replayed",
            "executions to find (median, max)", "shrunk (CPUs, injections)", "fixed: seeds clean", "fixed: hunt");

    private HistoryTable() {
    }

    /** The listing: one line per case. */
    public static String list(List<HistoryCase> cases) {
        List<List<String>> rows = new ArrayList<>();
        for (HistoryCase c : cases) {
            rows.add(List.of(c.id(), c.project(), c.shortCommit(), c.date(), c.title()));
        }
        return text(List.of("case", "project", "commit", "date", "title"), rows);
    }

    /** The measurement table as aligned text. */
    public static String text(List<Measurement> ms) {
        return text(RUN_HEADERS, rows(ms));
    }

    /** The measurement table as Markdown. */
    public static String markdown(List<Measurement> ms) {
        StringBuilder b = new StringBuilder("| ").append(String.join(" | ", RUN_HEADERS)).append(" |\n|");
        RUN_HEADERS.forEach(h -> b.append("---|"));
        b.append('\n');
        for (List<String> row : rows(ms)) {
            b.append("| ").append(String.join(" | ", row.stream().map(x -> x.replace("|", "\\|")).toList()))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static List<List<String>> rows(List<Measurement> ms) {
        List<List<String>> rows = new ArrayList<>();
        for (Measurement m : ms) {
            HistoryCase c = m.c();
            String hunt = m.median() + ", " + m.max() + " (" + c.hunt().strategy().cliName() + ", " + m.found() + "/"
                    + m.hunts().size() + " found)";
            String fixedHunt = m.fixedHunt() == null ? "-" : m.fixedHunt().found() ? "FOUND at "
                    + m.fixedHunt().executions() : "clean in " + m.fixedHunt().executions();
            rows.add(List.of(c.id(), c.shortCommit(), c.oracle().name(), Seed.format(c.seed()),
                    m.atSeed().replayed() ? "yes" : "NO", hunt, m.shrunkSize(),
                    m.fixedClean() + "/" + m.fixedSeeds(), fixedHunt));
        }
        return rows;
    }

    private static String text(List<String> headers, List<List<String>> rows) {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, headers, w);
        rows.forEach(r -> line(b, r, w));
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            l.append(i == 0 ? "" : "  ").append(i == cells.size() - 1 ? cells.get(i)
                    : String.format("%-" + w[i] + "s", cells.get(i)));
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}
