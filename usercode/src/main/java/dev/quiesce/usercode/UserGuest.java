package dev.quiesce.usercode;

import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestProgram;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A linked-and-checked user guest, ready to become the host's guest program: its objects in link order (the built-in
 * guest's, the user shell, the hooks object, the runtime, the user's), which of them have private per-CPU data (the
 * runtime's and the user's), and where its CPUs reach quiescence.
 *
 * @param objects        every object, in link order
 * @param privateObjects names of the objects whose writable sections each CPU has its own copy of
 * @param userObjects    the user's objects alone, by their source names ({@code parser/lexer.o})
 * @param quiescence     the quiescence function, or empty for the idle loop's {@code check_for_livepatch_work}
 */
public record UserGuest(List<GuestObject> objects, Set<String> privateObjects, List<GuestObject> userObjects,
                        Optional<String> quiescence) {

    /** The symbol a user guest's CPUs start at. */
    public static final String ENTRY = "quiesce_user_main";
    /** The IRQ entry: the built-in handler, then the user's {@code irq-calls}. */
    public static final String IRQ_ENTRY = "quiesce_user_irq";
    /** The NMI entry. */
    public static final String NMI_ENTRY = "quiesce_user_nmi";
    /** The machine-check entry. */
    public static final String MCE_ENTRY = "quiesce_user_mce";
    /** The built-in quiescence point. */
    public static final String IDLE_QUIESCENCE = "check_for_livepatch_work";

    public UserGuest {
        objects = List.copyOf(objects);
        privateObjects = Set.copyOf(privateObjects);
        userObjects = List.copyOf(userObjects);
    }

    /**
     * The program a host runs for this guest: entered at the user shell, its handlers the shell's (both IRQ cases:
     * the user's {@code irq-calls} replaces the built-in {@code workload.irq-calls}), private data for the runtime and
     * the user's objects, and SSE saved around interrupts (user code may use floating point). No boot pointers: the
     * hooks are linked ({@code quiesce_user_config.o}).
     */
    public GuestProgram program() {
        return new GuestProgram(objects, ENTRY, IRQ_ENTRY, IRQ_ENTRY, NMI_ENTRY, MCE_ENTRY, quiescenceSymbol(),
                new java.util.TreeSet<>(privateObjects), true, new java.util.TreeMap<>());
    }

    /** The quiescence symbol of the guest's CPUs. */
    public String quiescenceSymbol() {
        return quiescence.orElse(IDLE_QUIESCENCE);
    }
}
