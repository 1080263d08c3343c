package dev.quiesce.emulator.memory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The objects kept with one {@link GuestMemory} ({@link GuestMemory#attachment}), one per key, made on first use and
 * closed, in the order they were made, when the memory closes.
 */
final class Attachments {

    private final Map<Class<?>, AutoCloseable> attachments = new LinkedHashMap<>();

    /** The object under {@code key}, made by {@code create} the first time it is asked for. */
    <T extends AutoCloseable> T get(Class<T> key, Supplier<T> create) {
        synchronized (attachments) {
            AutoCloseable a = attachments.get(key);
            if (a == null) {
                a = create.get();
                attachments.put(key, a);
            }
            return key.cast(a);
        }
    }

    /** Closes every object and forgets them. */
    void close() {
        synchronized (attachments) {
            for (AutoCloseable a : attachments.values()) {
                try {
                    a.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing what maps guest memory: " + e.getMessage(), e);
                }
            }
            attachments.clear();
        }
    }
}
