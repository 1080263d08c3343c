package dev.quiesce.coordinator.protocol;

import dev.quiesce.splice.Granularity;

/**
 * A test variant of {@link TextPokeInt3} with its three {@code text_poke_sync()} rounds removed: the same int3, tail
 * and first-byte stores, but no CPU is made to serialise between or after them.
 */
public final class TextPokeWithoutSync extends WithoutStop {

    /** The variant on the host of {@code ctx}. */
    public TextPokeWithoutSync(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    public String name() {
        return "text-poke.int3-without-sync";
    }

    @Override
    protected Granularity granularity(ProtocolContext.PatchPolicy policy) {
        return Granularity.INT3;
    }

    @Override
    protected long spacingNs(ProtocolContext.PatchPolicy policy) {
        return policy.storeSpacingNs();
    }

    @Override
    protected boolean syncRound(int round) {
        return false;
    }
}
