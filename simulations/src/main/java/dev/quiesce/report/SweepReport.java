package dev.quiesce.report;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static dev.quiesce.report.Html.esc;

/**
 * The report of a sweep: a self-contained {@code report.html} with a scatter of success rate against the p99 IRQs-off
 * pause (one point per sweep point, the Pareto front drawn as a line and labelled) and a table of the points. Element
 * ids: {@code sweep-scatter}, {@code sweep-table}.
 */
public final class SweepReport {

    /**
     * One point of a sweep, as the report shows it.
     *
     * @param label          the point's settings in a few words ({@code "timeout=5ms retry=fixed(3,1ms)"})
     * @param successFirst   the fraction (0..1) of runs whose action succeeded on its first attempt (done, rc 0)
     * @param successOverall the fraction (0..1) of runs whose action succeeded by its last attempt
     * @param p99PauseNs     the 99th percentile of the IRQs-off pause over the point's runs, virtual ns
     * @param pareto         whether the point is on the Pareto front (no other point has both a higher success rate
     *                       and a lower p99 pause)
     */
    public record Row(String label, double successFirst, double successOverall, long p99PauseNs, boolean pareto) {

        public Row {
            java.util.Objects.requireNonNull(label, "label");
            if (!(successFirst >= 0 && successFirst <= 1 && successOverall >= 0 && successOverall <= 1)) {
                throw new IllegalArgumentException("success rates are fractions in [0, 1]: " + successFirst + ", "
                        + successOverall);
            }
        }
    }

    private SweepReport() {
    }

    /** Writes {@code dir/report.html} (creating {@code dir}) titled "Sweep"; returns its path. */
    public static Path write(Path dir, List<Row> rows) throws IOException {
        return write(dir, "Sweep", rows);
    }

    /** Writes {@code dir/report.html} (creating {@code dir}) with the title {@code title}; returns its path. */
    public static Path write(Path dir, String title, List<Row> rows) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(RunReport.FILE);
        dev.quiesce.io.OutputFiles.writeString(file, html(title, rows));
        return file;
    }

    /** The page. */
    public static String html(String title, List<Row> rows) throws IOException {
        long front = rows.stream().filter(Row::pareto).count();
        Page p = new Page("quiesce · " + title, "quiesce · " + title, esc(rows.size() + " points · " + front
                + " on the Pareto front (success against p99 IRQs-off pause)"));
        p.section("sweep-chart", "Success against pause").raw("<p class=\"about\">Each point is a sweep point: its "
                + "overall success rate against the 99th percentile of its IRQs-off pause. Up and to the left is "
                + "better; the line joins the Pareto front. Grey diamonds are the same points' first-attempt success."
                + "</p>");
        p.raw(rows.isEmpty() ? "<div class=\"empty\" id=\"sweep-scatter\">no points</div>" : scatter(rows));
        p.endSection();
        List<List<String>> cells = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (Row r : rows) {
            cells.add(List.of(esc(r.label()), percent(r.successFirst()), percent(r.successOverall()),
                    Html.duration(r.p99PauseNs()), r.pareto() ? "✓" : ""));
            classes.add(r.pareto() ? "pareto" : "");
        }
        p.section("points", "Points").table("sweep-table", List.of("point", "success, first attempt#",
                "success, overall#", "p99 IRQs-off pause#", "Pareto"), cells, classes).endSection();
        return p.finish("Written by <code>quiesce sweep --report</code>. Times are virtual.");
    }

    private static String scatter(List<Row> rows) throws IOException {
        XYChart c = new XYChartBuilder().width(1000).height(460).xAxisTitle("p99 IRQs-off pause (µs)")
                .yAxisTitle("success (%)").build();
        Charts.style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        c.getStyler().setMarkerSize(9);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(100.0).setXAxisMin(0.0);
        // room on the right for the labels of the slowest points
        c.getStyler().setXAxisMax(1.2 * rows.stream().mapToLong(Row::p99PauseNs).max().orElse(1) / 1_000.0 + 0.001);
        c.getStyler().setAnnotationTextFont(Charts.FONT.deriveFont(11f));
        c.getStyler().setAnnotationTextFontColor(Charts.INK);
        List<Row> front = rows.stream().filter(Row::pareto).sorted(Comparator.comparingLong(Row::p99PauseNs)).toList();
        List<Row> others = rows.stream().filter(r -> !r.pareto()).toList();
        series(c, "first attempt", rows, true, new Color(0xa0, 0xa8, 0xb4)).setMarker(SeriesMarkers.DIAMOND);
        if (!others.isEmpty()) {
            series(c, "other points", others, false, new Color(0x3b, 0x6f, 0xb6)).setMarker(SeriesMarkers.CIRCLE);
        }
        if (!front.isEmpty()) {
            XYSeries line = series(c, "Pareto front", front, false, new Color(0x2e, 0x9e, 0x5b));
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.CIRCLE);
            for (Row r : front) {
                c.addAnnotation(new AnnotationText(r.label(), r.p99PauseNs() / 1_000.0,
                        Math.min(97, r.successOverall() * 100 + 4), false));
            }
        }
        return Charts.svg(c, "sweep-scatter", "success rate against p99 IRQs-off pause");
    }

    private static XYSeries series(XYChart c, String name, List<Row> rows, boolean first, Color colour) {
        XYSeries s = c.addSeries(name, rows.stream().mapToDouble(r -> r.p99PauseNs() / 1_000.0).toArray(),
                rows.stream().mapToDouble(r -> 100 * (first ? r.successFirst() : r.successOverall())).toArray());
        s.setMarkerColor(colour);
        s.setLineColor(colour);
        return s;
    }

    private static String percent(double f) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * f);
    }
}
