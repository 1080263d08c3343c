package dev.quiesce.report;

import dev.quiesce.seed.Seed;
import dev.quiesce.sweep.PointRow;
import dev.quiesce.sweep.SweepPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of a sweep as text: an aligned table for the terminal (times in microseconds, rates in percent) and
 * CSV (times in nanoseconds, rates as fractions, empty where nothing was measured). Column for column they hold
 * the same numbers; {@link SweepJson} is the JSON form.
 */
public final class SweepTable {

    /** The CSV columns after {@code point} and the varied keys. */
    public static final List<String> CSV_COLUMNS = List.of("seed0", "runs", "actions", "first_success",
            "overall_success", "attempts_mean", "attempts_p99", "apply_p50_ns", "apply_p99_ns", "apply_max_ns",
            "pause_p50_ns", "pause_p99_ns", "pause_max_ns", "lost_nmis", "violations", "pareto");

    private static final List<String> TEXT_COLUMNS = List.of("first%", "overall%", "att-mean", "att-p99",
            "apply-p50-us", "apply-p99-us", "apply-max-us", "pause-p50-ns", "pause-p99-ns", "pause-max-ns",
            "lost-nmis", "violations", "pareto");

    private SweepTable() {
    }

    /** The aligned table: one line of headers, one per point. */
    public static String text(SweepPlan plan, List<PointRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("#"));
        plan.varies().forEach(v -> header.add(v.key()));
        header.addAll(TEXT_COLUMNS);
        cells.add(header);
        for (PointRow r : rows) {
            List<String> c = new ArrayList<>(List.of(Integer.toString(r.point())));
            r.labels().forEach(l -> c.add(l.substring(l.indexOf('=') + 1)));
            c.addAll(List.of(percent(r.firstRate()), percent(r.overallRate()), fixed(r.attemptsMean(), 2),
                    count(r.attemptsP99()), micros(r.applyP50()), micros(r.applyP99()), micros(r.applyMax()),
                    count(r.pauseP50()), count(r.pauseP99()), count(r.pauseMax()), Long.toString(r.lostNmis()),
                    Integer.toString(r.violations()), r.pareto() ? "*" : ""));
            cells.add(c);
        }
        int[] width = new int[header.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        int labelColumns = plan.varies().size();
        StringBuilder b = new StringBuilder();
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                boolean left = i >= 1 && i <= labelColumns;
                String fmt = "%" + (left ? "-" : "") + width[i] + "s";
                line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, fmt, row.get(i)));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    /** The CSV: {@code point}, one column per varied key, then {@link #CSV_COLUMNS}. */
    public static String csv(SweepPlan plan, List<PointRow> rows) {
        StringBuilder b = new StringBuilder("point");
        plan.varies().forEach(v -> b.append(',').append(quote(v.key())));
        CSV_COLUMNS.forEach(c -> b.append(',').append(c));
        b.append('\n');
        for (PointRow r : rows) {
            b.append(r.point());
            r.labels().forEach(l -> b.append(',').append(quote(l.substring(l.indexOf('=') + 1))));
            List<String> c = List.of(Seed.format(r.baseSeed()), Integer.toString(r.runs()),
                    Long.toString(r.actions()), fixed(r.firstRate(), 4), fixed(r.overallRate(), 4),
                    fixed(r.attemptsMean(), 4), ns(r.attemptsP99()), ns(r.applyP50()), ns(r.applyP99()),
                    ns(r.applyMax()), ns(r.pauseP50()), ns(r.pauseP99()), ns(r.pauseMax()),
                    Long.toString(r.lostNmis()), Integer.toString(r.violations()), r.pareto() ? "*" : "");
            c.forEach(x -> b.append(',').append(x));
            b.append('\n');
        }
        return b.toString();
    }

    /** A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String percent(double rate) {
        return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f", rate * 100);
    }

    private static String count(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }

    private static String micros(long ns) {
        return ns < 0 ? "-" : String.format(Locale.ROOT, "%.2f", ns / 1_000.0);
    }

    private static String ns(long v) {
        return v < 0 ? "" : Long.toString(v);
    }
}
