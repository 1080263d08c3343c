package dev.quiesce.random;

import java.nio.charset.StandardCharsets;

/**
 * A named node of the run's seed tree: {@code root(seed).child("host", 0).child("cpu", 3).child("irq.timer")}.
 * A child's seed depends only on its parent's seed and its own name, never on siblings.
 *
 * @param seed the derived 64-bit seed of this node
 * @param path the node's path, for messages ({@code host/0/cpu/3/irq.timer})
 */
public record SeedStream(long seed, String path) {

    /** The root stream of a run seed. */
    public static SeedStream root(long runSeed) {
        return new SeedStream(DetRandom.mix(runSeed ^ 0x5157_4945_5343_4521L), "");
    }

    /** A named child. */
    public SeedStream child(String name) {
        return new SeedStream(DetRandom.mix(seed + fnv1a(name)), path.isEmpty() ? name : path + "/" + name);
    }

    /** A named, indexed child ({@code cpu 3}). */
    public SeedStream child(String name, long index) {
        SeedStream named = child(name);
        return new SeedStream(DetRandom.mix(named.seed ^ DetRandom.mix(index + 1)), named.path + "/" + index);
    }

    /** A fresh generator for this node. */
    public DetRandom random() {
        return new DetRandom(seed);
    }

    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
