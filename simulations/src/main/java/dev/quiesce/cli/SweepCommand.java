package dev.quiesce.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code quiesce sweep} (being built). */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "(being built)")
final class SweepCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new IllegalStateException("quiesce sweep is not available in this build yet");
    }
}
