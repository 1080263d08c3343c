package dev.quiesce.host.fork;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JDK objects an {@link ObjectState} knows how to save and put back through their public API (their fields are
 * not ours to read): value types, which are immutable; the collections of {@code java.util}, saved as their contents
 * and restored by clearing and refilling them (immutable ones only followed); atomics; bit sets; string builders.
 */
final class JdkState {

    /** What was saved of one object: the objects it refers to (to be captured too) and how to put it back. */
    record Saved(List<Object> children, ObjectState.Memento restorer) {
    }

    private static final List<String> IMMUTABLE_PREFIXES = List.of("java.util.ImmutableCollections$",
            "java.util.Collections$Unmodifiable", "java.util.Collections$Empty", "java.util.Collections$Singleton");

    private JdkState() {
    }

    /** Whether {@code o} can never change (nothing to save, nothing to follow). */
    static boolean immutable(Object o) {
        return o instanceof String || o instanceof Enum<?> || o instanceof Class<?> || o instanceof Boolean
                || o instanceof Character || o instanceof Integer || o instanceof Long || o instanceof Short
                || o instanceof Byte || o instanceof Double || o instanceof Float || o instanceof BigInteger
                || o instanceof BigDecimal || o instanceof java.time.Duration || o instanceof java.time.Instant
                || o instanceof java.util.regex.Pattern || o instanceof java.nio.charset.Charset
                || o instanceof java.lang.invoke.MethodHandle
                || o.getClass().isHidden() && o.getClass().getModule().isNamed(); // a JDK lambda (a comparator)
    }

    /** Saves a JDK object; fails, naming the class, for one it does not know. */
    static Saved save(Object o) {
        String name = o.getClass().getName();
        if (o instanceof Optional<?> opt) {
            return new Saved(opt.<List<Object>>map(List::of).orElse(List.of()), () -> { });
        }
        if (IMMUTABLE_PREFIXES.stream().anyMatch(name::startsWith)) {
            if (o instanceof Map<?, ?> m) {
                return new Saved(contents(m), () -> { });
            }
            if (o instanceof Collection<?> c) {
                return new Saved(new ArrayList<>(c), () -> { });
            }
        }
        if (name.equals("java.util.Arrays$ArrayList")) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) o;
            Object[] copy = l.toArray();
            return new Saved(Arrays.asList(copy), () -> {
                for (int i = 0; i < copy.length; i++) {
                    l.set(i, copy[i]);
                }
            });
        }
        if (name.startsWith("java.util.") && o instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) raw;
            Object[] keys = m.keySet().toArray();
            Object[] values = m.values().toArray();
            return new Saved(contents(m), () -> {
                m.clear();
                for (int i = 0; i < keys.length; i++) {
                    m.put(keys[i], values[i]);
                }
            });
        }
        if (name.startsWith("java.util.") && o instanceof Collection<?> raw) {
            @SuppressWarnings("unchecked")
            Collection<Object> c = (Collection<Object>) raw;
            List<Object> copy = Arrays.asList(c.toArray());
            return new Saved(copy, () -> {
                c.clear();
                c.addAll(copy);
            });
        }
        return switch (o) {
            case BitSet b -> {
                BitSet copy = (BitSet) b.clone();
                yield new Saved(List.of(), () -> {
                    b.clear();
                    b.or(copy);
                });
            }
            case AtomicLong a -> {
                long v = a.get();
                yield new Saved(List.of(), () -> a.set(v));
            }
            case AtomicInteger a -> {
                int v = a.get();
                yield new Saved(List.of(), () -> a.set(v));
            }
            case AtomicBoolean a -> {
                boolean v = a.get();
                yield new Saved(List.of(), () -> a.set(v));
            }
            case AtomicReference<?> raw -> {
                @SuppressWarnings("unchecked")
                AtomicReference<Object> a = (AtomicReference<Object>) raw;
                Object v = a.get();
                yield new Saved(v == null ? List.of() : List.of(v), () -> a.set(v));
            }
            case java.util.concurrent.atomic.AtomicReferenceArray<?> raw -> {
                @SuppressWarnings("unchecked")
                java.util.concurrent.atomic.AtomicReferenceArray<Object> a =
                        (java.util.concurrent.atomic.AtomicReferenceArray<Object>) raw;
                Object[] v = new Object[a.length()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.get(i);
                }
                yield new Saved(Arrays.asList(v), () -> {
                    for (int i = 0; i < v.length; i++) {
                        a.set(i, v[i]);
                    }
                });
            }
            case java.util.concurrent.atomic.AtomicLongArray a -> {
                long[] v = new long[a.length()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.get(i);
                }
                yield new Saved(List.of(), () -> {
                    for (int i = 0; i < v.length; i++) {
                        a.set(i, v[i]);
                    }
                });
            }
            case StringBuilder sb -> {
                String v = sb.toString();
                yield new Saved(List.of(), () -> {
                    sb.setLength(0);
                    sb.append(v);
                });
            }
            default -> throw new Unsnapshottable("cannot snapshot a " + name
                    + ": its state is not visible (docs/forking.md lists what a snapshot holds)");
        };
    }

    private static List<Object> contents(Map<?, ?> m) {
        List<Object> out = new ArrayList<>(m.keySet());
        out.addAll(m.values());
        return out;
    }
}
