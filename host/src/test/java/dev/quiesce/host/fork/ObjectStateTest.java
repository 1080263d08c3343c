package dev.quiesce.host.fork;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectStateTest {

    /** A small mutable graph: fields, an array, JDK collections, a shared child, a running digest. */
    static final class Node {
        long counter;
        String label = "a";
        final List<Node> children = new ArrayList<>();
        final TreeMap<String, Integer> counts = new TreeMap<>();
        final int[] slots = new int[3];
        Node other;
        MessageDigest digest;
    }

    @Test
    void restoreBringsBackFieldsElementsCollectionsAndTheGraphsIdentities() throws Exception {
        Node root = new Node();
        Node child = new Node();
        root.children.add(child);
        root.other = child;
        root.counts.put("x", 1);
        root.slots[1] = 5;
        root.digest = MessageDigest.getInstance("SHA-256");
        root.digest.update((byte) 1);
        ObjectState s = ObjectState.capture(List.of(root), o -> false);

        root.counter = 9;
        root.label = "b";
        root.children.add(new Node());
        root.counts.put("y", 2);
        root.slots[1] = 7;
        root.other = null;
        child.counter = 3;
        root.digest.update((byte) 2);
        s.restore();

        assertThat(root.counter).isZero();
        assertThat(root.label).isEqualTo("a");
        assertThat(root.children).containsExactly(child);
        assertThat(root.other).isSameAs(child);
        assertThat(child.counter).isZero();
        assertThat(root.counts).containsExactly(java.util.Map.entry("x", 1));
        assertThat(root.slots).containsExactly(0, 5, 0);
        MessageDigest once = MessageDigest.getInstance("SHA-256");
        once.update((byte) 1);
        String expected = HexFormat.of().formatHex(once.digest());
        assertThat(HexFormat.of().formatHex(root.digest.digest())).isEqualTo(expected);
        s.restore(); // a snapshot restores any number of times
        assertThat(HexFormat.of().formatHex(root.digest.digest())).isEqualTo(expected);
    }

    static final class HoldsARandom {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    }

    @Test
    void aJdkObjectWhoseStateIsNotVisibleFailsTheSnapshotNamingItsClass() {
        assertThatThrownBy(() -> ObjectState.capture(List.of(new HoldsARandom()), o -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("java.util.SplittableRandom");
    }

    @Test
    void opaqueObjectsAreNeitherEnteredNorRestored() {
        Node root = new Node();
        Node opaque = new Node();
        root.other = opaque;
        ObjectState s = ObjectState.capture(List.of(root), o -> o == opaque);
        opaque.counter = 4;
        s.restore();
        assertThat(root.other).isSameAs(opaque);
        assertThat(opaque.counter).isEqualTo(4);
    }
}
