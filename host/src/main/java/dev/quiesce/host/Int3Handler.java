package dev.quiesce.host;

import java.util.List;
import java.util.Locale;

/**
 * Who handles a text_poke {@code int3} a CPU executes: the simulator in Java, or the guest's own breakpoint handler
 * ({@code poke_int3_handler} in guest/src/main/c/x86_poke.c) reading a patch descriptor in guest memory
 * (docs/guest-handlers.md). A scenario's {@code text-poke.int3-handler}.
 */
public enum Int3Handler {
    /** The CPU looks the site up in {@link HostProbes} and continues at its target: fast, and today's traces. */
    JAVA,
    /** #BP is delivered into the guest handler, which reads the descriptor the patcher published. */
    GUEST;

    /** The scenario spelling. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every legal spelling. */
    public static List<String> names() {
        return List.of("java", "guest");
    }

    /** The handler spelled {@code label}. */
    public static Int3Handler parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
