package dev.quiesce.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code quiesce shrink} (being built). */
@Command(name = "shrink", mixinStandardHelpOptions = true, description = "(being built)")
final class ShrinkCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new IllegalStateException("quiesce shrink is not available in this build yet");
    }
}
