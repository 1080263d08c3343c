package dev.quiesce.cli;

import dev.quiesce.json.JsonReader;
import dev.quiesce.json.JsonValue;
import dev.quiesce.report.RecordedTrace;
import dev.quiesce.report.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunOutputsCommandTest {

    @Test
    void run_writesTheRecordTheReportAndThePerfettoExportAndSaysWhere(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        Path perfetto = dir.resolve("out/trace.json");
        Path record = dir.resolve("out/run.trace");
        CliRun r = CliRun.of("run", "xen-default", "--set", "host.cpus=4", "--report", report.toString(),
                "--perfetto", perfetto.toString(), "--record", record.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.lines();
        String hash = lines.get(lines.size() - 2).substring("trace-hash=".length());
        assertThat(lines).contains("report: " + report.resolve("report.html"))
                .anySatisfy(l -> assertThat(l).startsWith("record: " + record + " (").endsWith(" events)"))
                .anySatisfy(l -> assertThat(l).startsWith("perfetto: " + perfetto + " ("));
        assertThat(lines.getLast()).isEqualTo("replay: ./quiesce run xen-default --seed 0x5eed --set 'host.cpus=4'");

        RecordedTrace t = TraceCodec.read(record);
        assertThat(t.header().traceHash()).isEqualTo(hash);
        assertThat(t.header().attempts()).singleElement().satisfies(a -> assertThat(a.result()).isEqualTo("done"));
        assertThat(t.events()).hasSize((int) t.header().events()).isNotEmpty();
        assertThat(((JsonValue.JsonObject) JsonReader.parse(perfetto)).get("traceEvents")).isInstanceOf(JsonValue.JsonArray.class);
        assertThat(Files.readString(report.resolve("report.html"))).contains("<svg id=\"timeline-1\"", hash);
    }
}
