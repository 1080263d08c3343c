package dev.quiesce.splice.registry;

import dev.quiesce.splice.SpliceEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry's shared state, guarded by its own monitor (Xen: {@code payload_list}, {@code applied_list},
 * {@code payload_cnt}, {@code payload_version} and {@code livepatch_work} under {@code payload_lock}, in
 * xen/common/livepatch.c), plus the console lines Xen would have logged.
 */
final class RegistryState {

    final HostView host;
    final SpliceEngine engine;
    final HookRunner hooks;
    final List<LoadedPayload> payloads = new ArrayList<>();
    final List<LoadedPayload> applied = new ArrayList<>();
    private final List<String> console = new ArrayList<>();
    QuiescedWork outstanding;
    int version = 1;

    RegistryState(HostView host, SpliceEngine engine) {
        this.host = host;
        this.engine = engine;
        this.hooks = new HookRunner(host.caller(), host.image());
    }

    Optional<LoadedPayload> find(String name) {
        return payloads.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    /** The top of the stack ({@code list_last_entry(&applied_list)}), if any. */
    Optional<LoadedPayload> top() {
        return applied.isEmpty() ? Optional.empty() : Optional.of(applied.getLast());
    }

    /** Logs a line as Xen's {@code printk(LIVEPATCH ...)} would. */
    void log(String line) {
        console.add("livepatch: " + line);
    }

    List<String> console() {
        return List.copyOf(console);
    }

    List<String> drainConsole() {
        List<String> out = List.copyOf(console);
        console.clear();
        return out;
    }
}
