package dev.quiesce.cli.guest;

import dev.quiesce.usercode.GuestInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code quiesce guest init DIR}: writes a C workload, the same code with a fix, a scenario that runs it and applies a
 * payload built from both, and a README of the contract ({@link GuestInit}).
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a starting point for your own code into DIR: src/workload.c, fix/workload.c,",
                "scenario.conf (run it with: quiesce run DIR/scenario.conf) and README.md (the contract)."})
final class InitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "A new or empty folder.")
    Path dir;

    @Option(names = "--force", description = "Write into a folder that is not empty (files of the same names are replaced).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        for (Path p : GuestInit.write(dir, force)) {
            out.println("wrote " + p);
        }
        out.println("next: ./quiesce run " + dir.resolve("scenario.conf"));
        out.flush();
        return 0;
    }
}
