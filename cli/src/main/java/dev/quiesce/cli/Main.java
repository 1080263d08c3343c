package dev.quiesce.cli;

import dev.quiesce.cli.host.HostCommand;
import dev.quiesce.cli.payload.PayloadCommand;
import dev.quiesce.coordinator.protocol.plugin.PluginException;
import dev.quiesce.elf.ElfFormatException;
import dev.quiesce.emulator.unicorn.UnicornUnavailableException;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.text.Untrusted;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code quiesce} command: a deterministic simulator of live-patch apply protocols.
 */
@Command(name = "quiesce", mixinStandardHelpOptions = true, version = "quiesce 0.1.0",
        description = "Deterministic, actor-based simulator of live-patch apply protocols.",
        subcommands = {RunCommand.class, SweepCommand.class, HuntCommand.class, ReplayCommand.class, ShrinkCommand.class,
            BenchCommand.class, PayloadCommand.class, HostCommand.class, CalibrateCommand.class, FleetCommand.class,
            NodeCommand.class, dev.quiesce.cli.history.HistoryCommand.class, dev.quiesce.cli.guest.GuestCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status when a simulated CPU faulted (a finding, with its replay line). */
    public static final int EXIT_FINDING = 3;

    /** Exit status of a usage or input error (also a payload error, printed with its Xen errno). */
    public static final int EXIT_ERROR = 2;

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
    public static CommandLine commandLine() {
        org.slf4j.LoggerFactory.getILoggerFactory(); // initialised before any run: no replay warnings in the output
        CommandLine cl = new CommandLine(new Main());
        // no @argument files: picocli would read `@/dev/zero` forever and block on `@FIFO` before any check (no
        // command documents them; an argument starting with @ is taken as it is)
        cl.setExpandAtFiles(false);
        // one error style: `error: …` and where to look, exit 2; the usage only with --help (or no arguments)
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName(" ");
            cmd.getErr().println("error: " + oneLine(ex.getMessage()) + " (see: " + name + " --help)");
            return EXIT_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex instanceof java.io.UncheckedIOException u ? u.getCause() : ex;
            if (t instanceof PayloadException p) {
                cmd.getErr().println("error: -" + p.errno().name() + ": " + oneLine(p.getMessage()));
                return EXIT_ERROR;
            }
            if (t instanceof java.nio.file.NoSuchFileException f) {
                cmd.getErr().println("error: no such file: " + oneLine(f.getFile()));
                return EXIT_ERROR;
            }
            if (t instanceof dev.quiesce.io.InputFileException f) {
                cmd.getErr().println("error: " + oneLine(f.getMessage()));
                return EXIT_ERROR;
            }
            if (t instanceof java.io.IOException io) {
                cmd.getErr().println("error: " + oneLine(io.getMessage() == null ? "input/output error" : io.getMessage()));
                return EXIT_ERROR;
            }
            if (t instanceof com.typesafe.config.ConfigException c) { // a substitution cycle, a wrong type in --set
                cmd.getErr().println("error: " + oneLine(c.getMessage()) + " (check the scenario and the --set values)");
                return EXIT_ERROR;
            }
            if (t instanceof PluginException p) {
                cmd.getErr().println("error: " + oneLine(p.getMessage()));
                return EXIT_ERROR;
            }
            if (t instanceof UnicornUnavailableException || t instanceof ElfFormatException
                    || t instanceof IllegalArgumentException
                    || t instanceof IllegalStateException) {
                cmd.getErr().println("error: " + oneLine(t.getMessage()));
                return EXIT_ERROR;
            }
            throw ex;
        });
        return cl;
    }

    /**
     * An error message as one safe line: its own line breaks joined with "; ", then control characters and
     * bidirectional overrides escaped and the whole cut (a value echoed from the command line or a file may carry
     * terminal escapes or be megabytes long).
     */
    static String oneLine(String message) {
        String joined = message == null ? "failed" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
        return Untrusted.show(joined, MAX_ERROR_CHARS);
    }

    /** The longest error message printed, in characters. */
    static final int MAX_ERROR_CHARS = 1000;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
