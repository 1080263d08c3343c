package dev.quiesce.cli;

import dev.quiesce.emulator.unicorn.UnicornUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code quiesce} command: a deterministic simulator of live-patch apply protocols.
 */
@Command(name = "quiesce", mixinStandardHelpOptions = true, version = "quiesce 0.1.0",
        description = "Deterministic, actor-based simulator of live-patch apply protocols.",
        subcommands = {RunCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status when a simulated CPU faulted (a finding, with its replay line). */
    public static final int EXIT_FINDING = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line (error handling included), for {@link #execute} and tests. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            if (t instanceof UnicornUnavailableException || t instanceof IllegalArgumentException
                    || t instanceof IllegalStateException) {
                cmd.getErr().println("error: " + t.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
