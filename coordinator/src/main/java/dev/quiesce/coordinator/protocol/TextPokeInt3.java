package dev.quiesce.coordinator.protocol;

import dev.quiesce.splice.Granularity;

/**
 * Linux's {@code text_poke_bp_batch()} (arch/x86/kernel/alternative.c; docs/peer-protocols.md: text_poke_bp): no global stop. An int3
 * goes on every site, then a "sync all CPUs" IPI round ({@code text_poke_sync()}); then every site's tail, sync;
 * then every first byte, sync — three synchronous rounds per batch. A CPU that executes a site's int3 meanwhile
 * takes the trap and continues as the instruction being written (or the one being replaced) would — never a mix.
 * A CPU with IRQs disabled holds a round up until it enables them. Variants override {@link #syncRound} (e.g. no
 * sync after patching) or the granularity and spacing (docs/protocol-api.md).
 */
@ProtocolSpec(name = TextPokeInt3.NAME, description = "Linux text_poke_bp: int3, tail, first byte, a sync IPI after each",
        arches = dev.quiesce.isa.Arch.X86_64, elsewhere = "it is x86's breakpoint-guarded patching; arm64 has none (one"
        + " A64 instruction is one aligned word: Linux writes B/NOP sites directly, aarch64_insn_patch_text_nosync, and"
        + " anything else under stop_machine, aarch64_insn_patch_text)")
public class TextPokeInt3 extends WithoutStop {

    /** The registered name. */
    public static final String NAME = "text-poke.int3";

    /** The protocol on the host of {@code ctx}. */
    public TextPokeInt3(ProtocolContext ctx) {
        super(ctx);
    }

    @Override
    protected Granularity granularity(ProtocolContext.PatchPolicy policy) {
        return Granularity.INT3;
    }

    @Override
    protected long spacingNs(ProtocolContext.PatchPolicy policy) {
        return policy.storeSpacingNs();
    }
}
