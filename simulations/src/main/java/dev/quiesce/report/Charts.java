package dev.quiesce.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reports' XChart charts, as inline SVG elements: XChart draws, VectorGraphics2D writes SVG, and the SVG is made
 * fit for inlining (no prolog, the given id, its clip ids made unique and deterministic, coordinates rounded).
 */
final class Charts {

    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Color INK = new Color(0x33, 0x33, 0x33);
    private static final Pattern CLIP_ID = Pattern.compile("id=\"(clip[^\"]*)\"");
    private static final Pattern DECIMALS = Pattern.compile("(\\d+\\.\\d\\d)\\d+");
    private static final Pattern SVG_TAG = Pattern.compile("<svg[^>]*>");

    private Charts() {
    }

    /** A histogram of {@code d}'s values in µs, as an {@code <svg>} with id {@code hist-ID}. */
    static String histogram(Distribution d) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(420).height(280).xAxisTitle(d.title() + " (µs)")
                .yAxisTitle(d.unit()).build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setAvailableSpaceFill(0.92);
        c.getStyler().setXAxisDecimalPattern("#,##0.###");
        c.getStyler().setYAxisDecimalPattern("#,##0");
        c.getStyler().setSeriesColors(new Color[] {new Color(0x3b, 0x6f, 0xb6)});
        double[] v = d.micros();
        double min = Arrays.stream(v).min().orElse(0);
        double max = Arrays.stream(v).max().orElse(1);
        if (max - min < 1e-3) {
            min = Math.max(0, min - 0.5);
            max = max + 0.5;
        }
        int bins = Math.max(5, Math.min(24, (int) Math.ceil(Math.sqrt(v.length)) + 3));
        c.getStyler().setXAxisLabelRotation(bins > 10 ? 45 : 0);
        List<Double> data = new ArrayList<>(Arrays.stream(v).boxed().toList());
        Histogram h = new Histogram(data, bins, min, max);
        c.addSeries(d.title(), h.getxAxisData(), h.getyAxisData());
        return svg(c, "hist-" + d.id(), d.title() + " histogram");
    }

    /** The reports' look: white, light grid, readable type. */
    static void style(Styler s) {
        s.setBaseFont(FONT);
        s.setChartFontColor(INK);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setChartTitleVisible(false);
        s.setLegendFont(FONT);
        s.setLegendBorderColor(new Color(0xdd, 0xdd, 0xdd));
        s.setAntiAlias(true);
        s.setChartPadding(8);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(FONT);
            a.setAxisTickLabelsFont(FONT.deriveFont(11f));
            a.setAxisTickLabelsColor(INK);
            a.setPlotGridLinesColor(new Color(0xe6, 0xe9, 0xee));
            a.setAxisTickMarksColor(new Color(0x88, 0x88, 0x88));
        }
    }

    /** {@code chart} as an inline {@code <svg>} element with id {@code id} and the accessible name {@code label}. */
    static String svg(Chart<?, ?> chart, String id, String label) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        String s = out.toString(StandardCharsets.UTF_8);
        s = s.substring(s.indexOf("<svg"));
        Map<String, String> ids = new LinkedHashMap<>();
        Matcher m = CLIP_ID.matcher(s);
        while (m.find()) {
            ids.putIfAbsent(m.group(1), id + "-clip" + (ids.size() + 1));
        }
        for (Map.Entry<String, String> e : ids.entrySet()) {
            s = s.replace("\"" + e.getKey() + "\"", "\"" + e.getValue() + "\"")
                    .replace("#" + e.getKey() + ")", "#" + e.getValue() + ")");
        }
        s = DECIMALS.matcher(s).replaceAll("$1");
        Matcher tag = SVG_TAG.matcher(s);
        if (!tag.find()) {
            throw new IOException("XChart wrote no <svg> element");
        }
        String open = "<svg id=\"" + Html.esc(id) + "\" class=\"chart\" role=\"img\" aria-label=\"" + Html.esc(label)
                + "\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 "
                + chart.getWidth() + " " + chart.getHeight() + "\" width=\"" + chart.getWidth() + "\" height=\""
                + chart.getHeight() + "\">";
        return open + s.substring(tag.end()).trim() + "\n";
    }
}
