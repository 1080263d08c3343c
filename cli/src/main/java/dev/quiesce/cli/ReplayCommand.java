package dev.quiesce.cli;

import dev.quiesce.hunt.ReplayCheck;
import dev.quiesce.hunt.ReplayFile;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code quiesce replay FILE} (a replay file of {@code hunt --save} or {@code shrink --save}: checks its violation
 * and trace hash) or {@code quiesce replay SCENARIO [--seed X] [--set …] --expect-hash H} (checks the trace hash).
 * Exit 0 when everything matches, 1 with what differs otherwise.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-run a finding and check it reproduces: a replay FILE (hunt/shrink --save; checks the"
                + " violation and the trace hash), or SCENARIO --seed X [--set ...] --expect-hash H."})
final class ReplayCommand implements Callable<Integer> {

    /** Exit status when the re-run differs. */
    static final int EXIT_DIFFERS = 1;

    @Parameters(index = "0", paramLabel = "FILE|SCENARIO", description = "A replay file, or a scenario with --expect-hash.")
    String target;

    @Option(names = "--expect-hash", description = "The trace hash the scenario's run must have.")
    String expectHash;

    @Option(names = "--seed", description = "Run seed, decimal or 0x-hex (with --expect-hash; default: the scenario's).")
    String seed;

    @Option(names = "--set", description = "A scenario override key=value (with --expect-hash); repeatable.")
    List<String> sets = new ArrayList<>();

    @picocli.CommandLine.Mixin
    PluginsOption plugins;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        plugins.addTo(sets);
        PrintWriter out = spec.commandLine().getOut();
        ReplayCheck check;
        try {
            if (expectHash == null) {
                if (seed != null || !sets.isEmpty()) {
                    throw new IllegalArgumentException("--seed and --set go with SCENARIO --expect-hash H;"
                            + " a replay file carries its own");
                }
                ReplayFile f = ReplayFile.read(Path.of(target));
                out.println("replay " + target + ": " + f.scenario().replayLine());
                out.flush();
                check = ReplayCheck.file(f);
            } else {
                ReplayFile.checkTraceHash("--expect-hash", expectHash);
                List<String> all = new ArrayList<>(sets);
                if (seed != null) {
                    all.add("seed=\"" + Seeds.format(Seeds.parse(seed)) + "\"");
                }
                Scenario s = ScenarioLoader.load(target, all);
                out.println("replay: " + s.replayLine());
                out.flush();
                check = ReplayCheck.hash(s, expectHash);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        check.result().violations().forEach(v -> out.println("violation: " + v));
        out.println("trace-hash=" + check.result().report().traceHash());
        if (check.matches()) {
            out.println(expectHash == null ? "violation and trace hash match" : "trace hash matches");
            out.flush();
            return 0;
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        check.differences().forEach(err::println);
        err.flush();
        return EXIT_DIFFERS;
    }
}
