package dev.quiesce.cli;

import dev.quiesce.report.PerfettoExport;
import dev.quiesce.report.RunReport;
import dev.quiesce.report.TraceCodec;
import dev.quiesce.scenario.ScenarioResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a run can write beside its text: the event trace ({@code --record}), the HTML report
 * ({@code --report}) and the Perfetto export ({@code --perfetto}), claimed before the run ({@link ForceOption}); one
 * line each for the files written.
 */
final class Outputs {

    private Outputs() {
    }

    static void write(ScenarioResult r, Path record, Path report, Path perfetto, PrintWriter out) throws IOException {
        if (record != null) {
            long n = TraceCodec.write(r, parents(record));
            out.println("record: " + record + " (" + n + " events)");
        }
        if (report != null) {
            out.println("report: " + RunReport.write(r, report));
        }
        if (perfetto != null) {
            long n = PerfettoExport.write(r, parents(perfetto));
            out.println("perfetto: " + perfetto + " (" + n + " trace events; open it in ui.perfetto.dev)");
        }
        out.flush();
    }

    private static Path parents(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return file;
    }
}
