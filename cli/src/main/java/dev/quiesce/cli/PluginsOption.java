package dev.quiesce.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --plugins DIR|JAR[,…]}, the option of every command that runs scenarios: it sets the scenario key
 * {@code plugins} (docs/protocol-api.md), so the protocol may be a plug-in's and the replay line carries it.
 */
final class PluginsOption {

    @Option(names = "--plugins", split = ",", paramLabel = "DIR|JAR", description = "Plug-in protocols: jars, or"
            + " directories of jars or of compiled classes, listing their classes in META-INF/services/"
            + "dev.quiesce.coordinator.protocol.RendezvousProtocol (docs/protocol-api.md); sets the scenario key"
            + " plugins; comma-separated or repeated.")
    List<String> plugins = new ArrayList<>();

    /** Appends the {@code plugins=[…]} override to {@code sets} when the option was given. */
    void addTo(List<String> sets) {
        if (!plugins.isEmpty()) {
            StringBuilder b = new StringBuilder("plugins=[");
            for (int i = 0; i < plugins.size(); i++) {
                b.append(i == 0 ? "" : ", ").append('"')
                        .append(plugins.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            sets.add(b.append(']').toString());
        }
    }
}
