package dev.quiesce.splice;

/**
 * Told of every step the engine performs, so that a simulator can decide per CPU when that CPU observes a store
 * (docs/cross-modifying-code.md: the {@code xmc} models) and can interleave CPUs between stores.
 */
public interface StoreListener {

    /** Just before {@code s} reaches memory (what it overwrites can still be read). */
    default void storing(Store s) {
    }

    /** The listener that does nothing. */
    StoreListener NONE = new StoreListener() {
        @Override
        public void stored(Store s) {
        }

        @Override
        public void synced() {
        }
    };

    /** Called after {@code s} has been written to guest memory. */
    void stored(Store s);

    /** Called for each {@link Sync} step of the plan. */
    void synced();
}
