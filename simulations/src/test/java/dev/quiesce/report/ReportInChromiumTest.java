package dev.quiesce.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reports as a browser sees them: each page loads in headless Chromium and its DOM holds the charts (inline SVG
 * with their bars and axes) and the tables. Needs Debian's {@code chromium}; fails, saying so, without it.
 */
class ReportInChromiumTest {

    @Test
    void runReport_loadsInHeadlessChromiumWithItsChartsAndTables(@TempDir Path dir) throws Exception {
        Path page = RunReport.write(Runs.xenDefault4(), dir.resolve("report"));
        String dom = Chromium.dumpDom(page, dir);
        assertThat(dom).contains("<title>quiesce · xen-default · seed 0x5eed</title>");
        for (String id : List.of("timeline-1", "hist-quiescence", "hist-barrier", "hist-irqs-off")) {
            assertThat(dom).as("the DOM has <svg id=%s>", id).containsPattern("<svg id=\"" + id + "\"[^>]*>");
            String svg = element(dom, "svg", id);
            assertThat(svg).as("chart %s draws shapes", id).containsPattern("<(rect|path)");
        }
        assertThat(element(dom, "svg", "timeline-1")).contains("cpu 3", "virtual time (µs)",
                "spinning in the barrier", "class=\"seg seg-irqs_off\"", "class=\"mark mark-store\"");
        for (String id : List.of("summary", "attempts", "percentiles", "cpu-table")) {
            assertThat(dom).as("the DOM has <table id=%s>", id).contains("<table id=\"" + id + "\"");
        }
        assertThat(element(dom, "table", "attempts")).contains("done").contains("xen_hello_world");
        assertThat(element(dom, "table", "cpu-table")).containsPattern("(?s)(<tr>.*?){5}");
    }

    @Test
    void sweepReport_loadsInHeadlessChromiumWithItsScatterAndTable(@TempDir Path dir) throws Exception {
        Path page = SweepReport.write(dir.resolve("sweep"), List.of(
                new SweepReport.Row("timeout=1ms", 0.5, 0.9, 1_000, true),
                new SweepReport.Row("timeout=30ms", 0.5, 0.9, 30_000, false)));
        String dom = Chromium.dumpDom(page, dir);
        assertThat(element(dom, "svg", "sweep-scatter")).containsPattern("<(rect|path)");
        assertThat(element(dom, "table", "sweep-table")).contains("timeout=1ms", "timeout=30ms", "90.0%");
    }

    /** The outer HTML of the first {@code <tag id="id">} (no nesting of the same tag inside). */
    private static String element(String dom, String tag, String id) {
        var m = Pattern.compile("(?s)<" + tag + " id=\"" + Pattern.quote(id) + "\".*?</" + tag + ">").matcher(dom);
        assertThat(m.find()).as("<%s id=%s> in the DOM", tag, id).isTrue();
        return m.group();
    }
}
