package dev.quiesce.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code quiesce hunt} (being built). */
@Command(name = "hunt", mixinStandardHelpOptions = true, description = "(being built)")
final class HuntCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new IllegalStateException("quiesce hunt is not available in this build yet");
    }
}
