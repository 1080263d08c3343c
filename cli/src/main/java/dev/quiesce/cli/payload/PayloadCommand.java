package dev.quiesce.cli.payload;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code quiesce payload}: the commands that make and check Xen livepatch payloads and their
 * signed envelopes.
 */
@Command(name = "payload", mixinStandardHelpOptions = true,
        description = "Xen livepatch payloads: build from two builds, inspect, sign, verify, make signing keys, write the samples.",
        subcommands = {BuildCommand.class, InspectCommand.class, SignCommand.class, VerifyCommand.class,
                KeygenCommand.class, SamplesCommand.class})
public final class PayloadCommand implements Runnable {

    /** Exit status of {@code verify} for an invalid signature and of {@code inspect --check-against} for a no. */
    public static final int EXIT_NO = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
