package dev.quiesce.cli.history;

import dev.quiesce.cli.Main;
import dev.quiesce.history.CasePage;
import dev.quiesce.history.CaseRunner;
import dev.quiesce.history.Corpus;
import dev.quiesce.history.HistoryCase;
import dev.quiesce.history.HistoryTable;
import dev.quiesce.history.Measurement;
import dev.quiesce.history.SeedCheck;
import dev.quiesce.history.SeedSearch;
import dev.quiesce.seed.Seed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code quiesce history run [CASE…]}: measures cases of the corpus ({@link CaseRunner}) and prints the table;
 * {@code --short} checks only each documented seed (the CI-short check), {@code --find-seed} searches a seed at which
 * a case holds. Exit 3 when a claim of a case does not hold, each failure said in one line.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Measure cases of the history corpus (all when none is named): the documented seed (buggy caught"
                + " and replayed, fixed clean), hunts over 10 hunt seeds (executions to find: median, max), the first"
                + " counterexample shrunk, the fixed variant over --seeds seeds and one hunt. Deterministic."})
final class HistoryRunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CASE", arity = "0..*", description = "Case ids (`quiesce history` lists them).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "200", description = "Seeds the fixed variant runs (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--hunts", defaultValue = "10", description = "Hunts of the buggy variant, hunt seeds 1..N (default: ${DEFAULT-VALUE}).")
    int hunts;

    @Option(names = "--threads", defaultValue = "2", description = "Runs at once (default: ${DEFAULT-VALUE}); the numbers do not depend on it.")
    int threads;

    @Option(names = "--report", paramLabel = "DIR", description = "Write DIR/<case>.html: the counterexample's report with its timeline.")
    Path report;

    @Option(names = "--markdown", description = "Also print the table as Markdown (docs/history.md).")
    boolean markdown;

    @Option(names = "--short", description = "Only each documented seed: buggy caught and replayed, fixed clean (what CI runs).")
    boolean quick;

    @Option(names = "--find-seed", description = "Search seeds from the documented one (--count of them) for the first at"
            + " which the case holds; prints the line to put in the case file.")
    boolean findSeed;

    @Option(names = "--count", defaultValue = "500", description = "Seeds --find-seed tries (default: ${DEFAULT-VALUE}).")
    int count;

    @picocli.CommandLine.Mixin
    dev.quiesce.cli.ForceOption outputs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<HistoryCase> cases = Corpus.load().select(ids);
        outputs.claimDirectory("--report", report, cases.stream().map(c -> c.id() + ".html").toArray(String[]::new));
        org.slf4j.LoggerFactory.getILoggerFactory(); // initialised once here, not by the first parallel runs at once
        PrintWriter out = spec.commandLine().getOut();
        if (findSeed) {
            return findSeeds(cases, out);
        }
        if (quick) {
            return checkSeeds(cases, out);
        }
        CaseRunner.Settings settings = new CaseRunner.Settings(hunts, seeds, threads, 100);
        List<Measurement> ms = new ArrayList<>();
        for (HistoryCase c : cases) {
            out.println(c.id() + ": " + c.project() + " " + c.shortCommit() + " \"" + c.title() + "\"");
            out.flush();
            Measurement m = CaseRunner.measure(c, settings, (x, what) -> {
                out.println("  " + what);
                out.flush();
            });
            ms.add(m);
            if (report != null) {
                out.println("  report: " + CasePage.write(m, report));
            }
            if (m.first() != null) {
                out.println("  replay (first counterexample): " + m.first().scenario().replayLine());
            }
            if (m.shrunk() != null) {
                out.println("  replay (shrunk): " + m.shrunk().result().scenario().replayLine());
            }
        }
        out.println();
        out.print(HistoryTable.text(ms));
        if (markdown) {
            out.println();
            out.print(HistoryTable.markdown(ms));
        }
        List<String> failures = new ArrayList<>();
        ms.forEach(m -> m.failures().forEach(f -> failures.add(m.c().id() + ": " + f)));
        return finish(out, failures);
    }

    private int checkSeeds(List<HistoryCase> cases, PrintWriter out) {
        List<String> failures = new ArrayList<>();
        for (HistoryCase c : cases) {
            SeedCheck s = SeedCheck.run(c, c.seed());
            out.println(c.id() + " at " + Seed.format(c.seed()) + ": " + s.describe());
            out.flush();
            if (!s.holds()) {
                failures.add(c.id() + ": the documented seed no longer holds; find one: quiesce history run " + c.id()
                        + " --find-seed");
            }
        }
        return finish(out, failures);
    }

    private int findSeeds(List<HistoryCase> cases, PrintWriter out) {
        List<String> failures = new ArrayList<>();
        for (HistoryCase c : cases) {
            Optional<SeedCheck> found = SeedSearch.find(c, c.seed(), count, threads);
            if (found.isPresent()) {
                out.println(c.id() + ": seed " + Seed.format(found.get().seed()) + ": " + found.get().describe());
                out.println("  in " + c.origin() + ", history { seed = \"" + Seed.format(found.get().seed()) + "\" }");
            } else {
                failures.add(c.id() + ": no seed of %d from %s catches it with %s and keeps the fix clean"
                        .formatted(count, Seed.format(c.seed()), c.oracle().name()));
            }
            out.flush();
        }
        return finish(out, failures);
    }

    private int finish(PrintWriter out, List<String> failures) {
        out.flush();
        if (failures.isEmpty()) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        failures.forEach(f -> err.println("does not hold: " + f));
        err.flush();
        return Main.EXIT_FINDING;
    }
}
