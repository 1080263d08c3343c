package dev.quiesce.splice;

import dev.quiesce.emulator.memory.GuestMemory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The undo buffers of every payload the engine planned, in planning order, and what memory shows at each site
 * (Xen: {@code payload->fstate[]} with {@code insn_buffer} and {@code applied}, xen/common/livepatch.c). A site
 * whose patch a later payload overwrote counts as applied underneath it: the later payload's undo bytes are
 * this payload's patch.
 */
final class UndoLedger {

    /** One payload's sites, and whether its last plan applied it (decides sites whose bytes cannot tell). */
    record Entry(List<SavedSite> sites, boolean applied) {
        Entry {
            sites = List.copyOf(sites);
        }
    }

    private final GuestMemory memory;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    UndoLedger(GuestMemory memory) {
        this.memory = memory;
    }

    Optional<Entry> get(String payload) {
        return Optional.ofNullable(entries.get(payload));
    }

    /** Records {@code entry} as the newest (moves the payload to the end of the planning order). */
    void put(String payload, Entry entry) {
        entries.remove(payload);
        entries.put(payload, entry);
    }

    /** Puts back what {@link #get} returned before a failed action. */
    void restore(String payload, Optional<Entry> previous) {
        entries.remove(payload);
        previous.ifPresent(e -> entries.put(payload, e));
    }

    /** What memory shows at every site of {@code payload} (empty if it was never planned). */
    List<SiteState> observe(String payload) {
        List<String> order = new ArrayList<>(entries.keySet());
        int index = order.indexOf(payload);
        if (index < 0) {
            return List.of();
        }
        Entry entry = entries.get(payload);
        List<SiteState> out = new ArrayList<>();
        for (SavedSite site : entry.sites()) {
            byte[] actual = memory.read(site.address(), site.length());
            out.add(new SiteState(site.function(), site.address(), kind(order, index, site, entry.applied()),
                    actual));
        }
        return out;
    }

    private SiteState.Kind kind(List<String> order, int index, SavedSite site, boolean intended) {
        byte[] actual = memory.read(site.address(), site.length());
        boolean isPatched = site.patchedEquals(actual);
        boolean isUndo = site.undoEquals(actual);
        if (isPatched && isUndo) {
            return intended ? SiteState.Kind.APPLIED : SiteState.Kind.NOT_APPLIED;
        }
        if (isPatched) {
            return SiteState.Kind.APPLIED;
        }
        if (isUndo) {
            return SiteState.Kind.NOT_APPLIED;
        }
        for (int later = index + 1; later < order.size(); later++) {
            Entry e = entries.get(order.get(later));
            for (SavedSite over : e.sites()) {
                if (over.address() == site.address() && over.length() == site.length()
                        && over.undoEquals(site.patched())) {
                    SiteState.Kind k = kind(order, later, over, e.applied());
                    if (k == SiteState.Kind.APPLIED || k == SiteState.Kind.SHADOWED) {
                        return SiteState.Kind.SHADOWED;
                    }
                }
            }
        }
        return SiteState.Kind.CORRUPT;
    }
}
