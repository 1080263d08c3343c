package dev.quiesce.host;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * A record with one component changed to another value of its type (a number plus one, a boolean negated, the next
 * enum constant, a string with a character more, an array with one element changed or added): the near miss that a
 * canonical encoding must tell apart from the original.
 */
public final class OneFieldChanged {

    private OneFieldChanged() {
    }

    /** How many components {@code r} has. */
    public static int components(Record r) {
        return r.getClass().getRecordComponents().length;
    }

    /** {@code r} with component {@code index} (modulo the component count) changed. */
    public static <R extends Record> R change(R r, int index) {
        RecordComponent[] cs = r.getClass().getRecordComponents();
        Object[] values = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        try {
            for (int i = 0; i < cs.length; i++) {
                values[i] = cs[i].getAccessor().invoke(r);
                types[i] = cs[i].getType();
            }
            int i = Math.floorMod(index, cs.length);
            values[i] = other(values[i]);
            @SuppressWarnings("unchecked")
            R changed = (R) r.getClass().getDeclaredConstructor(types).newInstance(values);
            return changed;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object other(Object v) {
        return switch (v) {
            case Long l -> l + 1;
            case Integer i -> i + 1;
            case Boolean b -> !b;
            case String s -> s + "x";
            case Enum<?> e -> {
                Object[] all = e.getDeclaringClass().getEnumConstants();
                yield all[(e.ordinal() + 1) % all.length];
            }
            case long[] a -> a.length == 0 ? new long[] {0} : changedFirst(a);
            default -> throw new IllegalArgumentException("no other value for " + v.getClass());
        };
    }

    private static long[] changedFirst(long[] a) {
        long[] b = Arrays.copyOf(a, a.length);
        b[0]++;
        return b;
    }
}
