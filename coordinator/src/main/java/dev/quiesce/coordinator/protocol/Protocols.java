package dev.quiesce.coordinator.protocol;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The registry of rendezvous protocols, picked by name (DESIGN.md §5): a plain list, in a fixed order, of
 * classes carrying {@link ProtocolSpec}. Today only Xen's {@code xen.rendezvous} ({@code do_livepatch_work()},
 * xen/common/livepatch.c); the kpatch, text_poke, lazy and unsafe protocols join it here.
 */
public final class Protocols {

    /** One registered protocol: its spec and a factory taking the host's CPU count. */
    public record Entry(ProtocolSpec spec, IntFunction<RendezvousProtocol> factory) {
    }

    private static final List<Entry> ALL = List.of(
            entry(XenRendezvous.class, XenRendezvous::new));

    private Protocols() {
    }

    /** Every registered protocol, in registration order. */
    public static List<Entry> all() {
        return ALL;
    }

    /** The registered names, in registration order. */
    public static List<String> names() {
        return ALL.stream().map(e -> e.spec().name()).toList();
    }

    /**
     * A new instance of protocol {@code name} for a host of {@code cpus} CPUs.
     *
     * @throws IllegalArgumentException naming the known protocols when there is no such one
     */
    public static RendezvousProtocol create(String name, int cpus) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Entry e : ALL) {
            if (e.spec().name().equals(wanted)) {
                return e.factory().apply(cpus);
            }
        }
        throw new IllegalArgumentException("no protocol named '%s'; known: %s".formatted(name, names()));
    }

    private static Entry entry(Class<? extends RendezvousProtocol> type, IntFunction<RendezvousProtocol> factory) {
        ProtocolSpec spec = type.getAnnotation(ProtocolSpec.class);
        if (spec == null) {
            throw new IllegalStateException(type.getName() + " has no @ProtocolSpec");
        }
        return new Entry(spec, factory);
    }
}
