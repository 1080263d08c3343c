package dev.quiesce.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code quiesce replay} (being built). */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "(being built)")
final class ReplayCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new IllegalStateException("quiesce replay is not available in this build yet");
    }
}
