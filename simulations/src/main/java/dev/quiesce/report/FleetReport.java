package dev.quiesce.report;

import dev.quiesce.fleetsim.FleetSimulation;
import dev.quiesce.fleet.rollout.FailureCause;
import dev.quiesce.fleet.rollout.RolloutResult;
import dev.quiesce.fleet.rollout.WaveReport;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet page of the HTML report ({@code fleet.html}, self-contained): the waves as a timeline of hosts patched
 * against virtual time, the failure rate by CPU count, and the waves table. Charts are XChart's, inlined as SVG.
 * Element ids: {@code fleet-timeline}, {@code fleet-failures}, {@code fleet-waves}.
 */
public final class FleetReport {

    /** The page's file name in the report directory. */
    public static final String FILE = "fleet.html";

    private static final Pattern CLIP_ID = Pattern.compile("id=\"(clip[^\"]*)\"");
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final String CSS = "body{margin:0;background:#f4f6f9;color:#1f2733;font:15px/1.45 system-ui,"
            + "sans-serif}main{max-width:1100px;margin:0 auto;padding:24px}section{background:#fff;border:1px solid"
            + " #e3e7ed;border-radius:10px;padding:16px 20px;margin:0 0 18px}table{border-collapse:collapse;width:100%;"
            + "font-size:14px}th,td{text-align:right;padding:5px 8px;border-bottom:1px solid #e3e7ed}th:last-child,"
            + "td:last-child{text-align:left}svg{max-width:100%;height:auto}.sub{color:#5b6675}";

    private FleetReport() {
    }

    /** Writes {@code dir/fleet.html} (creating {@code dir}); returns its path. */
    public static Path write(FleetSimulation sim, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        dev.quiesce.io.OutputFiles.writeString(file, html(sim));
        return file;
    }

    /** The page. */
    static String html(FleetSimulation sim) throws IOException {
        RolloutResult r = sim.result();
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>quiesce · fleet " + esc(sim.scenario().name()) + "</title>\n<style>" + CSS + "</style>\n"
                + "</head>\n<body>\n<main>\n<h1>quiesce · fleet " + esc(sim.scenario().name()) + "</h1>\n");
        b.append("<p class=\"sub\">").append(esc(summary(r))).append("</p>\n");
        b.append("<section><h2>Waves timeline</h2>\n").append(timeline(r)).append("</section>\n");
        b.append("<section><h2>Failure rate by CPU count</h2>\n").append(failures(r)).append("</section>\n");
        b.append("<section><h2>Waves</h2>\n").append(table(r)).append("</section>\n");
        b.append("<p class=\"sub\">fleet trace hash <code>").append(r.traceHash()).append("</code> · replay <code>")
                .append(esc(sim.scenario().replayLine())).append("</code> · times are virtual</p>\n");
        return b.append("</main>\n</body>\n</html>\n").toString();
    }

    private static String summary(RolloutResult r) {
        return r.hosts() + " hosts · " + r.rolloutWaves().size() + " rollout waves · " + (r.halted()
                ? "halted (" + r.haltReason() + ")" : "completed in " + FleetTable.time(r.fleetTimeNs()))
                + " · patched " + r.patched() + " · unpatched " + r.unpatched();
    }

    private static String timeline(RolloutResult r) throws IOException {
        XYChart c = new XYChartBuilder().width(1000).height(360).xAxisTitle("virtual time (s)")
                .yAxisTitle("hosts patched").build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<Double> x = new ArrayList<>(List.of(0.0));
        List<Double> y = new ArrayList<>(List.of(0.0));
        int patched = 0;
        for (WaveReport w : r.waves()) {
            x.add(w.startNs() / 1e9);
            y.add((double) patched);
            patched += w.kind() == WaveReport.Kind.ROLLOUT ? w.succeeded() : -w.succeeded();
            x.add(w.endNs() / 1e9);
            y.add((double) patched);
        }
        XYSeries s = c.addSeries("hosts patched", x, y);
        s.setMarkerColor(new Color(0x3b, 0x6f, 0xb6));
        s.setLineColor(new Color(0x3b, 0x6f, 0xb6));
        return svg(c, "fleet-timeline", "hosts patched against virtual time, wave by wave");
    }

    private static String failures(RolloutResult r) throws IOException {
        List<Map.Entry<String, RolloutResult.GroupStats>> groups = FleetTable.groups(r);
        if (groups.isEmpty()) {
            return "<p id=\"fleet-failures\">no host attempted</p>\n";
        }
        CategoryChart c = new CategoryChartBuilder().width(640).height(320).xAxisTitle("CPUs per host")
                .yAxisTitle("failed (%)").build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(Math.max(1.0, groups.stream()
                .mapToDouble(e -> 100 * e.getValue().failureRate()).max().orElse(0)));
        c.getStyler().setSeriesColors(new Color[] {new Color(0xc0, 0x50, 0x40)});
        c.addSeries("failure rate", groups.stream().map(Map.Entry::getKey).toList(),
                groups.stream().map(e -> 100 * e.getValue().failureRate()).toList());
        return svg(c, "fleet-failures", "failure rate by CPU count");
    }

    private static String table(RolloutResult r) {
        StringBuilder b = new StringBuilder("<table id=\"fleet-waves\"><thead><tr><th>wave</th><th>kind</th>"
                + "<th>start</th><th>took</th><th>attempted</th><th>patched</th><th>failed</th>");
        for (FailureCause c : FleetTable.COLUMNS) {
            b.append("<th>").append(c.label()).append("</th>");
        }
        b.append("<th>decision</th></tr></thead><tbody>\n");
        for (WaveReport w : r.waves()) {
            b.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td>"
                    + "<td>%d</td>", w.number(), w.kind().name().toLowerCase(Locale.ROOT), FleetTable.time(w.startNs()),
                    FleetTable.time(w.tookNs()), w.attempted(), w.succeeded(), w.failed()));
            for (FailureCause c : FleetTable.COLUMNS) {
                b.append("<td>").append(w.failures(c)).append("</td>");
            }
            b.append("<td>").append(esc(w.decision())).append("</td></tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private static void style(Styler s) {
        s.setBaseFont(FONT);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setChartTitleVisible(false);
        s.setLegendFont(FONT);
        s.setAntiAlias(true);
    }

    /** {@code chart} as an inline {@code <svg>} with id {@code id}, its clip ids made unique on the page. */
    private static String svg(Chart<?, ?> chart, String id, String label) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        String s = out.toString(StandardCharsets.UTF_8);
        s = s.substring(s.indexOf("<svg"));
        Matcher m = CLIP_ID.matcher(s);
        Map<String, String> ids = new LinkedHashMap<>();
        while (m.find()) {
            ids.putIfAbsent(m.group(1), id + "-clip" + (ids.size() + 1));
        }
        for (Map.Entry<String, String> e : ids.entrySet()) { // VectorGraphics2D's are random: make them deterministic
            s = s.replace("\"" + e.getKey() + "\"", "\"" + e.getValue() + "\"")
                    .replace("#" + e.getKey() + ")", "#" + e.getValue() + ")");
        }
        return "<figure id=\"" + id + "\" aria-label=\"" + esc(label) + "\">" + s.trim() + "</figure>\n";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
