package dev.quiesce.coordinator.protocol;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The registry of built-in rendezvous protocols, picked by name (docs/architecture.md §2 step 5): a plain list, in a
 * fixed order, of classes carrying {@link ProtocolSpec}. Xen's {@code xen.rendezvous} ({@code do_livepatch_work()},
 * xen/common/livepatch.c), kpatch's stop_machine with a stack check, Linux's text_poke_bp, kGraft-like lazy
 * universes, and no barrier at all. Plug-ins from jars join them in a
 * {@link dev.quiesce.coordinator.protocol.plugin.ProtocolCatalog} (docs/protocol-api.md).
 */
public final class Protocols {

    /**
     * One registered protocol: its spec, a factory taking the host, and where it comes from ({@link #BUILT_IN} or
     * a plug-in's class and jar).
     */
    public record Entry(ProtocolSpec spec, Function<ProtocolContext, RendezvousProtocol> factory, String source) {
    }

    /** The {@link Entry#source()} of a built-in protocol. */
    public static final String BUILT_IN = "built-in";

    private static final List<Entry> ALL = List.of(
            entry(XenRendezvous.class, XenRendezvous::new),
            entry(StopMachineStackCheck.class, StopMachineStackCheck::new),
            entry(TextPokeInt3.class, TextPokeInt3::new),
            entry(LazyPerCpu.class, LazyPerCpu::new),
            entry(UnsafeNoBarrier.class, UnsafeNoBarrier::new));

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
        return create(name, ProtocolContext.detached(cpus));
    }

    /**
     * A new instance of protocol {@code name} on the host of {@code ctx}.
     *
     * @throws IllegalArgumentException naming the known protocols when there is no such one
     */
    public static RendezvousProtocol create(String name, ProtocolContext ctx) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Entry e : ALL) {
            if (e.spec().name().equals(wanted)) {
                return e.factory().apply(ctx);
            }
        }
        throw new IllegalArgumentException("no protocol named '%s'; known: %s".formatted(name, names()));
    }

    /**
     * The name in {@code type}'s own {@link ProtocolSpec} (not inherited: a variant names itself).
     *
     * @throws IllegalStateException if {@code type} carries none
     */
    public static String nameOf(Class<?> type) {
        ProtocolSpec spec = type.getAnnotation(ProtocolSpec.class);
        if (spec == null) {
            throw new IllegalStateException(type.getName() + " has no @ProtocolSpec");
        }
        return spec.name();
    }

    /** The entry of built-in-style protocol {@code type}, made by {@code factory} (for {@link ProtocolCatalog#with}). */
    public static Entry entry(Class<? extends RendezvousProtocol> type,
                               Function<ProtocolContext, RendezvousProtocol> factory) {
        ProtocolSpec spec = type.getAnnotation(ProtocolSpec.class);
        if (spec == null) {
            throw new IllegalStateException(type.getName() + " has no @ProtocolSpec");
        }
        return new Entry(spec, factory, BUILT_IN + " " + type.getName());
    }
}
