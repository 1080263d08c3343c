package dev.quiesce.host.fork;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance fields of the project's own classes, made accessible once per class, as {@link ObjectState} reads
 * and restores them.
 */
final class Fields {

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> k = type; k != Object.class && k != Record.class; k = k.getSuperclass()) {
                if (!ObjectState.ownClass(k)) {
                    throw new Unsnapshottable("cannot snapshot %s: it extends %s, whose state is not visible"
                            .formatted(type.getName(), k.getName()));
                }
                for (Field f : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        out.add(f);
                    }
                }
            }
            return List.copyOf(out);
        }
    };

    private Fields() {
    }

    /** Every instance field of {@code c} and its superclasses, accessible. */
    static List<Field> of(Class<?> c) {
        return FIELDS.get(c);
    }

    static boolean isFinal(Field f) {
        return Modifier.isFinal(f.getModifiers());
    }

    static Object get(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + f, e);
        }
    }

    static void set(Field f, Object o, Object v) {
        try {
            f.set(o, v);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot restore " + f, e);
        }
    }

    /** A digest in the same state, independent of {@code d} (a trace hasher's running SHA-256). */
    static MessageDigest cloneDigest(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the digest " + d.getAlgorithm() + " cannot be copied", e);
        }
    }
}
