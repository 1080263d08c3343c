package dev.quiesce.coordinator.plan;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.splice.SiteChange;
import dev.quiesce.splice.Store;
import dev.quiesce.splice.StoreListener;

import java.util.ArrayList;
import java.util.List;

/**
 * The stores a registry action made, each with the bytes it overwrote; {@link #restore()} puts memory back as it
 * was, so that a protocol can replay the same changes at its own pace. The registry's bookkeeping (states, undo
 * bytes, hooks) stays as the action left it: what the protocol replays is only what CPUs can observe.
 */
public final class StoreCapture implements StoreListener {

    private final GuestMemory memory;
    private final List<SiteChange> changes = new ArrayList<>();
    private byte[] pendingBefore;

    /** A capture of stores into {@code memory}. */
    public StoreCapture(GuestMemory memory) {
        this.memory = memory;
    }

    @Override
    public void storing(Store s) {
        pendingBefore = memory.read(s.address(), s.length());
    }

    @Override
    public void stored(Store s) {
        byte[] before = pendingBefore != null ? pendingBefore : s.bytes();
        pendingBefore = null;
        changes.add(new SiteChange("0x" + Long.toHexString(s.address()), s.address(), before, s.bytes()));
    }

    @Override
    public void synced() {
    }

    /** Every captured store as a change, in the order made. */
    public List<SiteChange> changes() {
        return List.copyOf(changes);
    }

    /** Undoes every captured store, last first (through {@link GuestMemory#writeCode}). */
    public void restore() {
        for (int i = changes.size() - 1; i >= 0; i--) {
            SiteChange c = changes.get(i);
            memory.writeCode(c.address(), c.before());
            memory.maintainCode(c.address(), c.length()); // the undo leaves nothing unmaintained (xmc = arm)
        }
    }
}
