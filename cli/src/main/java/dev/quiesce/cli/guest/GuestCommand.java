package dev.quiesce.cli.guest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quiesce guest}: commands for running your own C code as the guest (docs/own-code.md). */
@Command(name = "guest", mixinStandardHelpOptions = true,
        description = "Your own C code as the guest's workload: init writes a starting point (docs/own-code.md).",
        subcommands = {InitCommand.class})
public final class GuestCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
