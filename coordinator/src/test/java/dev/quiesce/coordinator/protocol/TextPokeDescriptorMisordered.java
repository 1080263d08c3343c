package dev.quiesce.coordinator.protocol;

import dev.quiesce.coordinator.plan.PokeDescriptor;

/**
 * A test variant of {@link TextPokeInt3} whose patcher publishes or tears down the guest's patch descriptor in a
 * wrong order (only meaningful with {@code text-poke.int3-handler = guest}): the same int3s, tails, first bytes and
 * sync rounds, but a CPU can meet an int3 while no descriptor vouches for it.
 */
public final class TextPokeDescriptorMisordered extends TextPokeInt3 {

    private final PokeDescriptor.Order order;

    /** The variant on the host of {@code ctx}, publishing and tearing down in {@code order}. */
    public TextPokeDescriptorMisordered(ProtocolContext ctx, PokeDescriptor.Order order) {
        super(ctx);
        this.order = order;
    }

    @Override
    public String name() {
        return "text-poke.int3-descriptor-" + order.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    protected PokeDescriptor.Order descriptorOrder() {
        return order;
    }
}
