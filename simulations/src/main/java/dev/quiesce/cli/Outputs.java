package dev.quiesce.cli;

import dev.quiesce.scenario.ScenarioResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The files a run can write beside its text: the event trace ({@code --record}), the HTML report
 * ({@code --report}) and the Perfetto export ({@code --perfetto}).
 */
final class Outputs {

    private Outputs() {
    }

    static void write(ScenarioResult r, Path record, Path report, Path perfetto, PrintWriter out) throws IOException {
        if (record != null || report != null || perfetto != null) {
            throw new IllegalStateException("--record, --report and --perfetto are not available in this build yet");
        }
    }
}
