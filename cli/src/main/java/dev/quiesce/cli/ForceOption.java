package dev.quiesce.cli;

import dev.quiesce.io.OutputFiles;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code --force} option of every command that writes files, and its claims: outputs are claimed before the
 * work starts ({@link OutputFiles}), and one that exists is replaced only with {@code --force}.
 */
public final class ForceOption {

    @Option(names = "--force", description = "Replace output files that exist (never a private key or an input).")
    boolean force;

    /** Claims output file {@code file} of {@code option} ({@code inputs}: the command's input files). */
    public void claimFile(String option, Path file, Path... inputs) {
        OutputFiles.claimFile(option, file, force, Arrays.asList(inputs));
    }

    /** {@code argument} as an input file when it names a regular file (a scenario file), else null (a built-in). */
    static Path inputFile(String argument) {
        if (argument == null) {
            return null;
        }
        try {
            Path p = Path.of(argument);
            return java.nio.file.Files.isRegularFile(p) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** Claims directory {@code dir} of {@code option}, into which {@code names} are written. */
    public void claimDirectory(String option, Path dir, String... names) {
        OutputFiles.claimDirectory(option, dir, force, List.of(names));
    }
}
