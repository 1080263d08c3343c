package dev.quiesce.fleet.scenario;

import dev.quiesce.random.DetRandom;
import dev.quiesce.random.SeedStream;

import java.util.ArrayList;
import java.util.List;

/**
 * Which host is what: each class gets its share of the host ids (largest remainder), spread over the ids by a
 * shuffle seeded from the fleet seed; the emulated canaries are the first hosts by id of the canaries' classes, and
 * the rollout order is the canaries, then every other host by id.
 */
public final class FleetLayout {

    private final List<HostClass> classes;
    private final byte[] classOf;
    private final boolean[] emulated;
    private final List<Integer> canaries = new ArrayList<>();
    private final List<Integer> order;

    /** The layout of {@code s}. */
    public FleetLayout(FleetScenario s) {
        this.classes = s.classes();
        int n = s.hosts();
        this.classOf = new byte[n];
        int[] counts = counts(n, s.classes());
        int at = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++) {
                classOf[at++] = (byte) c;
            }
        }
        DetRandom r = SeedStream.root(s.seed()).child("fleet-layout").random();
        for (int i = n - 1; i > 0; i--) {
            int j = (int) r.nextLong(i + 1);
            byte t = classOf[i];
            classOf[i] = classOf[j];
            classOf[j] = t;
        }
        this.emulated = new boolean[n];
        for (int h = 0; h < n && canaries.size() < s.canaries().emulated(); h++) {
            if (s.canaries().classes().isEmpty() || s.canaries().classes().contains(classOf(h).name())) {
                emulated[h] = true;
                canaries.add(h);
            }
        }
        if (canaries.size() < s.canaries().emulated()) {
            throw new IllegalArgumentException("the fleet has only " + canaries.size() + " hosts of the canaries'"
                    + " classes " + s.canaries().classes() + " for " + s.canaries().emulated() + " emulated canaries");
        }
        List<Integer> o = new ArrayList<>(n);
        o.addAll(canaries);
        for (int h = 0; h < n; h++) {
            if (!emulated[h]) {
                o.add(h);
            }
        }
        this.order = List.copyOf(o);
    }

    /** Hosts per class for {@code n} hosts: floor of each share, the rest by largest remainder (ties: class order). */
    static int[] counts(int n, List<HostClass> classes) {
        int[] counts = new int[classes.size()];
        double[] rest = new double[classes.size()];
        int given = 0;
        for (int c = 0; c < counts.length; c++) {
            double exact = classes.get(c).share() * n;
            counts[c] = (int) Math.floor(exact + 1e-9);
            rest[c] = exact - counts[c];
            given += counts[c];
        }
        for (; given < n; given++) {
            int best = 0;
            for (int c = 1; c < counts.length; c++) {
                if (rest[c] > rest[best] + 1e-12) {
                    best = c;
                }
            }
            counts[best]++;
            rest[best] = -1;
        }
        return counts;
    }

    /** Host {@code h}'s class. */
    public HostClass classOf(int h) {
        return classes.get(classOf[h]);
    }

    /** Host {@code h}'s class, as its index in the scenario's classes. */
    public int classIndex(int h) {
        return classOf[h];
    }

    /** Whether host {@code h} is an emulated canary. */
    public boolean emulated(int h) {
        return emulated[h];
    }

    /** The emulated canaries' host ids, ascending. */
    public List<Integer> canaries() {
        return List.copyOf(canaries);
    }

    /** Host ids in rollout order: the canaries, then the others by id. */
    public List<Integer> order() {
        return order;
    }

    /** Hosts of each class, in class order. */
    public int[] counts() {
        int[] c = new int[classes.size()];
        for (byte b : classOf) {
            c[b]++;
        }
        return c;
    }

    /** Host {@code h}'s group of the failure rates by CPU count ({@code 64 CPUs}). */
    public String group(int h) {
        return classOf(h).cpus() + " CPUs";
    }
}
