package dev.quiesce.history;

import dev.quiesce.report.RunReport;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import dev.quiesce.seed.Seed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The page {@code quiesce history run --report DIR} writes per case, {@code DIR/<case>.html}: the run report
 * (dev.quiesce.report's {@link RunReport}: summary, the timeline of the apply window with every store, the per-CPU
 * counters) of the case's counterexample — the shrunk one when there is one, else the documented seed's — with
 * the case's provenance and measurement above it.
 */
public final class CasePage {

    private CasePage() {
    }

    /** Writes the page of {@code m} into {@code dir}; returns its path. */
    public static Path write(Measurement m, Path dir) throws IOException {
        HistoryCase c = m.c();
        Scenario s = m.shrunk() != null ? m.shrunk().result().scenario()
                : ScenarioLoader.load(c.source(), c.buggySets(c.seed()));
        ScenarioResult r = ScenarioRunner.run(s, true);
        List<List<String>> rows = new ArrayList<>(List.of(
                List.of("Case", c.id() + " (" + c.origin() + ")"),
                List.of("Commit", c.project() + " " + c.commit() + " (" + c.role() + ", " + c.date() + ")"),
                List.of("Title", c.title()),
                List.of("Interleaving", oneParagraph(c.story())),
                List.of("The model simplifies", oneParagraph(c.simplifies())),
                List.of("Oracle", c.oracle().name() + " at the documented seed " + Seed.format(c.seed())),
                List.of("Counterexample", m.shrunk() != null ? "the first hunt's, shrunk: " + m.shrunkSize()
                        : "the documented seed's run"),
                List.of("Measured", "executions to find: median " + m.median() + ", max " + m.max() + " ("
                        + c.hunt().strategy().cliName() + ", budget " + c.hunt().budget() + "); fixed: "
                        + m.fixedClean() + "/" + m.fixedSeeds() + " seeds clean"),
                List.of("Fixed variant", String.join(" ", c.fixed().stream().map(x -> "--set '" + x + "'").toList()))));
        c.companion().forEach(x -> rows.add(List.of("Companion", x)));
        return RunReport.write(r, new RunReport.Preface("History case " + c.id(), rows), dir.resolve(c.id() + ".html"));
    }

    /** A block of text wrapped in the case file, as one paragraph. */
    private static String oneParagraph(String text) {
        return text.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
