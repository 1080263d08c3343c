package dev.quiesce.splice.registry;

import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.GuestSymbol;
import dev.quiesce.payload.HookKind;
import dev.quiesce.payload.Payload;
import dev.quiesce.splice.PatchSite;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One uploaded payload and its bookkeeping (Xen: {@code struct payload} in xen/common/livepatch.c): where it is
 * loaded, its resolved patch sites, its hooks' addresses, its new symbols, and the mutable {@code state},
 * {@code rc}, {@code reverted} flag. Guarded by the registry's lock.
 */
final class LoadedPayload {

    final String name;
    final Payload payload;
    final GuestImage linked;
    final long base;
    final long size;
    final List<PatchSite> sites;
    final Map<HookKind, long[]> hooks;
    final Map<String, GuestSymbol> newSymbols;
    final FuncStates funcStates;
    final boolean safeToReapply;

    PayloadState state = PayloadState.CHECKED;
    int rc;
    boolean reverted;
    String detail = "";

    LoadedPayload(String name, Payload payload, GuestImage linked, long base, long size, List<PatchSite> sites,
                  Map<HookKind, long[]> hooks, Map<String, GuestSymbol> newSymbols, FuncStates funcStates,
                  boolean safeToReapply) {
        this.name = name;
        this.payload = payload;
        this.linked = linked;
        this.base = base;
        this.size = size;
        this.sites = List.copyOf(sites);
        this.hooks = new EnumMap<>(hooks);
        this.newSymbols = Collections.unmodifiableMap(new TreeMap<>(newSymbols));
        this.funcStates = funcStates;
        this.safeToReapply = safeToReapply;
    }

    /** The address of the single hook of {@code kind}, or 0 when it is not enabled ({@code is_hook_enabled}). */
    long hook(HookKind kind) {
        long[] h = hooks.get(kind);
        return h == null || h.length == 0 ? 0 : h[0];
    }

    /** Every entry of an array hook ({@code load}/{@code unload}), in section order. */
    long[] hookArray(HookKind kind) {
        long[] h = hooks.get(kind);
        return h == null ? new long[0] : h.clone();
    }

    /** Whether it has a pre or post hook, which forbids REPLACE ({@code has_payload_any_vetoing_hooks}). */
    boolean vetoing() {
        return hook(HookKind.PREAPPLY) != 0 || hook(HookKind.POSTAPPLY) != 0 || hook(HookKind.PREREVERT) != 0
                || hook(HookKind.POSTREVERT) != 0;
    }

    PayloadStatus status() {
        return new PayloadStatus(name, state, rc, reverted, safeToReapply, payload.buildId(), payload.depends(),
                payload.modinfo(), detail);
    }
}
