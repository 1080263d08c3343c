package dev.quiesce.host.fork;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * The saved state of a graph of plain Java objects (a run's lockstep, CPUs, coordinator, protocol, oracles, registry),
 * restored in place: every object reachable from the roots at capture time gets back the field values, array
 * elements or collection contents it had then, so after {@link #restore()} the graph reachable from the roots is
 * exactly the captured one again, object identities included (objects created later become unreachable).
 *
 * <p>What it assumes (docs/forking.md): the objects are quiescent while it captures and restores (a quantum
 * boundary, no thread inside them); final fields never change after construction (they are followed, not restored);
 * objects the {@code opaque} predicate names (native engines, guest memory, the linked image, settings) are saved
 * elsewhere or immutable; JDK objects are only the collections, atomics and value types {@link JdkState} knows —
 * anything else fails the capture, naming the class, rather than being silently shared.
 */
public final class ObjectState {

    private final List<Memento> mementos;

    private ObjectState(List<Memento> mementos) {
        this.mementos = mementos;
    }

    /** Captures everything reachable from {@code roots}, not entering objects {@code opaque} accepts. */
    public static ObjectState capture(List<?> roots, Predicate<Object> opaque) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object> todo = new ArrayDeque<>();
        List<Memento> out = new ArrayList<>();
        for (Object r : roots) {
            push(r, seen, todo, opaque);
        }
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            Memento m = visit(o, todo, seen, opaque);
            if (m != null) {
                out.add(m);
            }
        }
        return new ObjectState(List.copyOf(out));
    }

    /** How many objects the state holds (for reports and tests). */
    public int objects() {
        return mementos.size();
    }

    /** Puts every captured object back as it was; can be called any number of times. */
    public void restore() {
        for (Memento m : mementos) {
            m.restore();
        }
    }

    private static void push(Object o, IdentityHashMap<Object, Boolean> seen, ArrayDeque<Object> todo,
                             Predicate<Object> opaque) {
        if (o == null || JdkState.immutable(o) || seen.containsKey(o) || opaque.test(o)) {
            return;
        }
        seen.put(o, Boolean.TRUE);
        todo.push(o);
    }

    private static Memento visit(Object o, ArrayDeque<Object> todo, IdentityHashMap<Object, Boolean> seen,
                                 Predicate<Object> opaque) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            int n = Array.getLength(o);
            Object copy = Array.newInstance(c.getComponentType(), n);
            System.arraycopy(o, 0, copy, 0, n);
            if (!c.getComponentType().isPrimitive()) {
                for (Object e : (Object[]) o) {
                    push(e, seen, todo, opaque);
                }
            }
            return () -> System.arraycopy(copy, 0, o, 0, n);
        }
        if (!ownClass(c)) {
            JdkState.Saved s = JdkState.save(o);
            for (Object e : s.children()) {
                push(e, seen, todo, opaque);
            }
            return s.restorer();
        }
        List<Field> restored = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Field f : Fields.of(c)) {
            Object v = Fields.get(f, o);
            if (!Fields.isFinal(f)) {
                restored.add(f);
                values.add(v instanceof MessageDigest d ? Fields.cloneDigest(d) : v);
            } else if (v instanceof MessageDigest) {
                throw new Unsnapshottable("cannot snapshot the final digest field " + f);
            }
            if (!f.getType().isPrimitive() && !(v instanceof MessageDigest)) {
                push(v, seen, todo, opaque);
            }
        }
        if (restored.isEmpty()) {
            return null;
        }
        Field[] fs = restored.toArray(Field[]::new);
        Object[] vs = values.toArray();
        return () -> {
            for (int i = 0; i < fs.length; i++) {
                Object v = vs[i];
                Fields.set(fs[i], o, v instanceof MessageDigest d ? Fields.cloneDigest(d) : v);
            }
        };
    }

    /**
     * Classes outside the JDK's named modules — the project's own, plug-in protocols', and lambdas defined in them:
     * their fields are read and restored by reflection.
     */
    static boolean ownClass(Class<?> c) {
        return !c.getModule().isNamed();
    }

    /** Puts one object back. */
    @FunctionalInterface
    interface Memento {
        void restore();
    }
}
