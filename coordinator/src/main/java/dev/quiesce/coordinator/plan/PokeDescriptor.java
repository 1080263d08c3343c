package dev.quiesce.coordinator.plan;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.splice.SiteChange;

import java.util.List;

/**
 * The text_poke patch descriptor in guest memory that the guest's {@code poke_int3_handler}
 * (guest/src/main/c/x86_poke.c) reads when {@code text-poke.int3-handler = guest}: Linux's {@code bp_patching_desc}
 * with its vector of {@code text_poke_loc} (arch/x86/kernel/alternative.c, {@code text_poke_bp_batch()}; Linux
 * v5.10.13 as mirrored in Rtoax/linux-5.10.13 at 22631ebfecc2be3606d2986c22b7cb534d6399b7). The patcher publishes it
 * (entries, count, then the reference count that makes it live) before the first int3 and tears it down (reference
 * count, then count: two separate stores) after the last sync. Writes are plain data stores at a quantum boundary,
 * so every CPU sees them from its next quantum on (docs/guest-handlers.md).
 */
public final class PokeDescriptor {

    /** The guest's {@code POKE_MAX_ENTRIES}: sites per batch. */
    public static final int MAX_ENTRIES = 64;
    /** {@code sizeof(struct poke_loc)}. */
    static final int ENTRY_SIZE = 24;
    /** Offset of {@code poke_desc.vec}. */
    static final int VEC = 16;
    private static final int REFS = 4;
    private static final int JMP32 = 0xe9;

    /** When the patcher publishes and tears the descriptor down relative to its int3s and syncs. */
    public enum Order {
        /** Linux's order: publish before the first int3, tear down after the last sync. */
        CORRECT,
        /** A wrong order (test variants): publish only after the first sync, so the int3s are live without it. */
        PUBLISH_AFTER_INT3,
        /**
         * A wrong order (test variants): tear down before the last sync, as soon as the int3 round has synced — before
         * the tails, the first bytes and their syncs — so the int3s stay live after it. (Tearing down just before the
         * last sync, after the first bytes, is invisible under {@code coherent}: the int3s are gone by then, and a
         * CPU cannot be inside the handler, whose IF is clear, while a sync round completes.)
         */
        TEARDOWN_BEFORE_LAST_SYNC
    }

    private final GuestMemory memory;
    private final long address;
    private boolean live;

    /** The descriptor at guest address {@code address} (the symbol {@code poke_desc}). */
    public PokeDescriptor(GuestMemory memory, long address) {
        this.memory = memory;
        this.address = address;
    }

    /** Publishes {@code changes}, each emulated as {@link Int3Emulation#target} says (a NOP as a JMP past it). */
    public void publish(List<SiteChange> changes) {
        if (changes.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(("text-poke.int3-handler = guest patches at most %d sites per batch"
                    + " (the guest's POKE_MAX_ENTRIES); this plan has %d").formatted(MAX_ENTRIES, changes.size()));
        }
        for (int i = 0; i < changes.size(); i++) {
            SiteChange c = changes.get(i);
            long e = address + VEC + (long) i * ENTRY_SIZE;
            memory.writeU64(e, c.address());
            memory.writeU64(e + 8, Int3Emulation.target(c));
            memory.writeU32(e + 16, c.length());
            memory.writeU32(e + 20, JMP32);
        }
        memory.writeU32(address, changes.size());
        memory.writeU32(address + REFS, 1); // the patcher's reference: from here on the handler trusts the vector
        live = true;
    }

    /** Drops the patcher's reference, then the count (no-op if not published). */
    public void tearDown() {
        if (!live) {
            return;
        }
        memory.writeU32(address + REFS, 0);
        memory.writeU32(address, 0);
        live = false;
    }

    /** Whether it is published now. */
    public boolean live() {
        return live;
    }
}
