package dev.quiesce.cluster.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a {@link ClientNode} process printed: its status lines, the waves they reached, its final hash. */
final class ClientLog {

    private ClientLog() {
    }

    /** The "status STATE WAVES OUTCOMES OPEN PID" lines so far, in order. */
    static List<String> statuses(Path log) {
        return lines(log).stream().filter(l -> l.startsWith("status ")).toList();
    }

    /** The most waves a running status reported so far (0 if none). */
    static int waves(Path log) {
        return statuses(log).stream().map(l -> l.split(" ")).filter(f -> f[1].equals("RUNNING"))
                .mapToInt(f -> Integer.parseInt(f[2])).max().orElse(0);
    }

    /** The fleet trace hash of the "done HASH" line, or empty. */
    static String done(Path log) {
        return lines(log).stream().filter(l -> l.startsWith("done ")).map(l -> l.substring(5)).findFirst()
                .orElse("");
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
