package dev.quiesce.usercode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objects compiled in this process, by the SHA-256 of everything that decides their bytes (gcc's identity, the
 * flags, the source and every header it may include): a sweep, a hunt or a fleet's canaries load the same scenario
 * hundreds of times and compile its code once. Bounded (least recently used out first); thread-safe.
 */
final class ObjectCache {

    /** The most bytes kept. */
    static final long MAX_BYTES = 256L << 20;

    private static final Map<String, byte[]> OBJECTS = new LinkedHashMap<>(64, 0.75f, true);
    private static long bytes;

    private ObjectCache() {
    }

    static synchronized byte[] get(String key) {
        byte[] b = OBJECTS.get(key);
        return b == null ? null : b.clone();
    }

    static synchronized void put(String key, byte[] object) {
        byte[] old = OBJECTS.put(key, object.clone());
        bytes += object.length - (old == null ? 0 : old.length);
        var it = OBJECTS.entrySet().iterator();
        while (bytes > MAX_BYTES && it.hasNext()) {
            bytes -= it.next().getValue().length;
            it.remove();
        }
    }

    /** How many objects are kept (for tests). */
    static synchronized int size() {
        return OBJECTS.size();
    }
}
