package dev.quiesce.cli.payload;

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
 * {@code quiesce payload inspect FILE [--check-against base[,STACK...]]}: describes a payload or
 * envelope and, when asked, whether it can be applied on top of an image and an applied stack.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print a payload's name, build-ids, functions, hooks, metadata and signature status.",
                "With --check-against, also say whether it can be applied on an image and stack (exit 1 if not)."})
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A .livepatch payload or a signed envelope.")
    Path file;

    @Option(names = "--check-against", paramLabel = "IMAGE[,PAYLOAD...]",
            description = {"The image ('base': the built-in guest image) and the payloads already applied on it,",
                    "bottom first, e.g. base,hello.livepatch,bye.signed."})
    String against;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PayloadFile f = PayloadFile.read(file);
        PrintWriter out = spec.commandLine().getOut();
        PayloadDescription.print(f, out);
        int exit = 0;
        if (against != null) {
            StackCheck.Verdict v = StackCheck.check(f, StackCheck.Target.parse(against));
            v.lines().forEach(out::println);
            exit = v.applicable() ? 0 : PayloadCommand.EXIT_NO;
        }
        out.flush();
        return exit;
    }
}
