package dev.quiesce.cli.history;

import dev.quiesce.history.Corpus;
import dev.quiesce.history.HistoryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code quiesce history}: lists the corpus of real historical races — every case file of {@code scenarios/history/}
 * (the working directory's, then the class path's), validated — one line per case: id, project, commit, date, title.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"The corpus of real historical races (scenarios/history/, docs/history.md): without a"
                + " subcommand, list its cases (case, project, commit, date, title); `history run` measures them."},
        subcommands = {HistoryRunCommand.class})
public final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Corpus corpus = Corpus.load();
        PrintWriter out = spec.commandLine().getOut();
        out.print(HistoryTable.list(corpus.cases()));
        out.printf("%d cases; `quiesce history run [CASE…]` reproduces each, hunts and shrinks it and checks its fix"
                + " (docs/history.md)%n", corpus.cases().size());
        out.flush();
        return 0;
    }
}
