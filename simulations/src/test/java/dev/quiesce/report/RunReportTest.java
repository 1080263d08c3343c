package dev.quiesce.report;

import dev.quiesce.scenario.ScenarioResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunReportTest {

    @Test
    void report_isOneSelfContainedPageWithTheChartsAndTablesInline(@TempDir Path dir) throws IOException {
        ScenarioResult r = Runs.xenDefault4();
        Path file = RunReport.write(r, dir.resolve("out"));
        assertThat(file).isEqualTo(dir.resolve("out").resolve("report.html"));
        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg id=\"timeline-1\"")
                .contains("<svg id=\"hist-quiescence\"", "<svg id=\"hist-barrier\"", "<svg id=\"hist-irqs-off\"")
                .contains("<table id=\"summary\"", "<table id=\"attempts\"", "<table id=\"percentiles\"",
                        "<table id=\"cpu-table\"")
                .contains(r.report().traceHash(), "./quiesce run xen-default --seed 0x5eed --set &#39;host.cpus=4&#39;")
                .doesNotContain("<script", "<link", "<img", "src=\"http", "href=\"http", "url(http", "@import");
        assertThat(Pattern.compile("id=\"([^\"]+)\"").matcher(html).results().map(m -> m.group(1)).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void report_isTheSameBytesForTheSameRun() throws IOException {
        ScenarioResult r = Runs.xenDefault4();
        assertThat(RunReport.html(r)).isEqualTo(RunReport.html(r));
    }

    @Test
    void sweepReport_drawsTheScatterAndHighlightsTheParetoRows(@TempDir Path dir) throws IOException {
        List<SweepReport.Row> rows = List.of(
                new SweepReport.Row("timeout=1ms", 0.40, 0.90, 1_200, true),
                new SweepReport.Row("timeout=5ms", 0.70, 0.95, 6_000, true),
                new SweepReport.Row("timeout=30ms <slow>", 0.70, 0.95, 31_000, false));
        String html = Files.readString(SweepReport.write(dir, "Sweep of barrier.timeout", rows));
        assertThat(html).contains("<svg id=\"sweep-scatter\"", "<table id=\"sweep-table\"", "timeout=30ms &lt;slow&gt;",
                "90.0%", "1.200 µs").doesNotContain("<script", "src=\"http");
        assertThat(Pattern.compile("<tr class=\"pareto\">").matcher(html).results().count()).isEqualTo(2);
        assertThatThrownBy(() -> new SweepReport.Row("p", 1.5, 1, 0, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
    }
}
