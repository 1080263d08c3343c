package dev.quiesce.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One in-process run of the {@code quiesce} command line: its exit code and what it wrote to out and err.
 *
 * <p>Test support shared by the cli module's tests; {@link #of} runs {@link Main#commandLine()} with captured writers.
 */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code quiesce args...} in this process and captures its exit code, out and err. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** The lines of out. */
    public List<String> lines() {
        return out.lines().toList();
    }

    /** The first line of out that starts with {@code prefix}, with the prefix removed; fails if there is none. */
    public String line(String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in:\n" + out + err))
                .substring(prefix.length());
    }

    /** The trace hash that the run printed as {@code trace-hash=…}. */
    public String traceHash() {
        return line("trace-hash=");
    }
}
