package dev.quiesce.usercode;

import java.io.Serial;
import java.nio.file.Path;

/**
 * A user source that gcc did not compile: the file and gcc's own messages ({@code file:line:col: error: …}), errors
 * first, so that the one line the command line prints starts with what to fix.
 */
public final class CompileException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String gccOutput;

    CompileException(Path source, String gccOutput) {
        super("gcc could not compile " + source + ": " + errorsFirst(gccOutput));
        this.gccOutput = gccOutput;
    }

    /** gcc's messages as it printed them. */
    public String gccOutput() {
        return gccOutput;
    }

    /** gcc's lines with {@code error:} first, then the rest, each once. */
    static String errorsFirst(String output) {
        var lines = output.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        var errors = lines.stream().filter(l -> l.contains("error:")).toList();
        var rest = lines.stream().filter(l -> !l.contains("error:")).toList();
        var all = new java.util.ArrayList<>(errors);
        all.addAll(rest);
        return all.isEmpty() ? "(gcc printed nothing; exit status non-zero)" : String.join("\n", all);
    }
}
