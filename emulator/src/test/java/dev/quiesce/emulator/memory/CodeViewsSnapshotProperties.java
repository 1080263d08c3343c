package dev.quiesce.emulator.memory;

import dev.quiesce.random.SeedStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CodeViews#save()} and {@link CodeViews#restore} against a replay: a host's code views that ran a random
 * sequence of code stores, data writes, guest stores into a CPU's view, cache maintenance, serialising events and
 * drained torn notes, saved after a prefix of it, ran on and were put back (with shared memory, as a host snapshot
 * puts it back) are the code views of a fresh host that ran the prefix alone — what every CPU fetches, its pending
 * pages, its torn notes, whether every store was maintained — and stay so when both run the rest again; each CPU's
 * engine was told to drop the translations of every private page whose fetched bytes the restore changed.
 */
class CodeViewsSnapshotProperties {

    private static final int CPUS = 3;
    private static final long CODE = 0x40000;
    private static final long PAGE = GuestMemory.PAGE_SIZE;
    /** Bytes at CODE + PAGE + [-SPAN/2, SPAN/2): straddles the two code pages and several fetch blocks. */
    private static final int SPAN = 48;
    private static final long START = CODE + PAGE - SPAN / 2;

    /** A step of the run. */
    sealed interface Step {
    }

    /** A code store ({@link GuestMemory#writeCode}). */
    record Code(int offset, byte[] bytes) implements Step {
    }

    /** A host data write ({@link GuestMemory#write}): reaches the private copies too. */
    record Data(int offset, byte[] bytes) implements Step {
    }

    /** A guest store by {@code cpu} through its engine's mapping (its private copy when the page is private). */
    record GuestStore(int cpu, int offset, byte value) implements Step {
    }

    /** Cache maintenance completed ({@link GuestMemory#maintainCode}). */
    record Maintain(int offset, int length) implements Step {
    }

    /** A serialising event on {@code cpu} ({@link CodeView#refresh()}). */
    record Serialise(int cpu) implements Step {
    }

    /** {@code cpu} reports its torn observations ({@link CodeView#drainTorn()}). */
    record Drain(int cpu) implements Step {
    }

    /** Guest memory with code views and, per CPU, the pages its engine was told to re-translate. */
    private record Host(GuestMemory memory, CodeViews views, List<TreeSet<Long>> dropped) implements AutoCloseable {

        static Host boot(XmcModel model, long seed) {
            GuestMemory m = GuestMemory.allocateShared(CODE, 4 * PAGE);
            m.defineRegion(new Region("text", CODE, 2 * PAGE, Protection.RX));
            m.defineRegion(new Region("data", CODE + 2 * PAGE, 2 * PAGE, Protection.RW));
            for (long a = CODE; a < CODE + 2 * PAGE; a += 8) {
                m.writeU64(a, a * 0x9E37_79B9_7F4A_7C15L); // code that is not all zeros
            }
            CodeViews v = CodeViews.attach(m, model, CPUS, SeedStream.root(seed).child("xmc.errata"));
            List<TreeSet<Long>> dropped = new ArrayList<>();
            for (int c = 0; c < CPUS; c++) {
                TreeSet<Long> d = new TreeSet<>();
                dropped.add(d);
                v.view(c).attach((address, length) -> {
                    for (long p = address & -PAGE; p < address + length; p += PAGE) {
                        d.add(p);
                    }
                });
                v.view(c).refresh();
            }
            return new Host(m, v, dropped);
        }

        void run(List<Step> steps) {
            for (Step s : steps) {
                switch (s) {
                    case Code c -> memory.writeCode(START + c.offset(), c.bytes());
                    case Data d -> memory.write(START + d.offset(), d.bytes());
                    case GuestStore g -> views.view(g.cpu()).slice(CODE, 2 * PAGE)
                            .set(ValueLayout.JAVA_BYTE, START + g.offset() - CODE, g.value());
                    case Maintain mt -> memory.maintainCode(START + mt.offset(), mt.length());
                    case Serialise sr -> views.view(sr.cpu()).refresh();
                    case Drain dr -> views.view(dr.cpu()).drainTorn();
                }
            }
        }

        byte[] shared() {
            return memory.read(CODE, (int) (2 * PAGE));
        }

        void putBackShared(byte[] bytes) { // as MemoryImage does: straight into the segment, no code view told
            MemorySegment.copy(bytes, 0, memory.segment(), ValueLayout.JAVA_BYTE, 0, bytes.length);
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    @Property(tries = 300, seed = "23")
    void restoredCodeViewsAreTheViewsOfAReplayOfThePrefix(@ForAll("models") XmcModel model,
                                                         @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                         @ForAll("steps") List<Step> prefix,
                                                         @ForAll("steps") List<Step> rest) {
        try (Host forked = Host.boot(model, seed); Host replay = Host.boot(model, seed);
             Host again = Host.boot(model, seed)) {
            forked.run(prefix);
            CodeViewsImage saved = forked.views().save();
            byte[] shared = forked.shared();
            forked.run(rest);

            restore(forked, saved, shared);
            replay.run(prefix);
            assertSame(forked, replay, "restored");
            forked.run(rest);
            replay.run(rest);
            assertSame(forked, replay, "restored and run on");

            restore(forked, saved, shared); // the same snapshot a second time
            again.run(prefix);
            assertSame(forked, again, "restored again");
            forked.run(rest);
            again.run(rest);
            assertSame(forked, again, "restored again and run on");
        }
    }

    @Property(tries = 100, seed = "29")
    void reseededErrataViewsDrawAsViewsBootedWithThatSeed(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                          @ForAll("steps") List<Step> steps) {
        try (Host reused = Host.boot(XmcModel.ERRATA, seed + 1); Host booted = Host.boot(XmcModel.ERRATA, seed)) {
            reused.views().reseed(SeedStream.root(seed).child("xmc.errata"));
            reused.run(steps);
            booted.run(steps);
            assertSame(reused, booted, "reseeded");
        }
    }

    /** Puts {@code h} back at {@code saved}; checks the engines were told of every private page it changed. */
    private static void restore(Host h, CodeViewsImage saved, byte[] shared) {
        byte[][] before = new byte[CPUS][];
        boolean[][] staleBefore = new boolean[CPUS][2];
        for (int c = 0; c < CPUS; c++) {
            before[c] = h.views().view(c).read(CODE, (int) (2 * PAGE));
            for (int p = 0; p < 2; p++) {
                staleBefore[c][p] = h.views().view(c).stale(CODE + p * PAGE);
            }
            h.dropped().get(c).clear();
        }
        h.putBackShared(shared);
        h.views().restore(saved);
        for (int c = 0; c < CPUS; c++) {
            byte[] after = h.views().view(c).read(CODE, (int) (2 * PAGE));
            for (int p = 0; p < 2; p++) {
                long page = CODE + p * PAGE;
                boolean privatePage = staleBefore[c][p] || h.views().view(c).stale(page);
                boolean changed = !java.util.Arrays.equals(before[c], (int) (p * PAGE), (int) ((p + 1) * PAGE),
                        after, (int) (p * PAGE), (int) ((p + 1) * PAGE));
                if (privatePage && changed) {
                    assertThat(h.dropped().get(c)).as("CPU %d re-translates page 0x%x", c, page).contains(page);
                }
            }
        }
    }

    private static void assertSame(Host a, Host b, String when) {
        assertThat(a.shared()).as("%s: shared memory", when).containsExactly(b.shared());
        assertThat(a.views().allMaintained()).as("%s: all maintained", when).isEqualTo(b.views().allMaintained());
        assertThat(a.views().privatePages()).as("%s: private pages", when).isEqualTo(b.views().privatePages());
        for (int c = 0; c < CPUS; c++) {
            CodeView x = a.views().view(c);
            CodeView y = b.views().view(c);
            assertThat(x.read(CODE, (int) (2 * PAGE))).as("%s: CPU %d fetches", when, c)
                    .containsExactly(y.read(CODE, (int) (2 * PAGE)));
            assertThat(x.pendingPages()).as("%s: CPU %d pending pages", when, c).isEqualTo(y.pendingPages());
            assertThat(x.stale(CODE)).as("%s: CPU %d stale first page", when, c).isEqualTo(y.stale(CODE));
            assertThat(x.stale(CODE + PAGE)).as("%s: CPU %d stale second page", when, c)
                    .isEqualTo(y.stale(CODE + PAGE));
            assertThat(x.drainTorn()).as("%s: CPU %d torn notes", when, c).isEqualTo(y.drainTorn());
        }
        for (int c = 0; c < CPUS; c++) { // what a serialising event would show now (this also runs both on)
            assertThat(a.views().view(c).refresh()).as("%s: CPU %d refreshes", when, c)
                    .containsExactly(b.views().view(c).refresh());
            assertThat(a.views().view(c).read(CODE, (int) (2 * PAGE))).as("%s: CPU %d fetches after", when, c)
                    .containsExactly(b.views().view(c).read(CODE, (int) (2 * PAGE)));
        }
    }

    @Provide
    Arbitrary<XmcModel> models() {
        return Arbitraries.of(XmcModel.SERIALIZE, XmcModel.ERRATA, XmcModel.ARM);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> code = Arbitraries.integers().between(0, SPAN - 1).flatMap(off ->
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(Math.min(8, SPAN - off))
                        .map(b -> new Code(off, b)));
        Arbitrary<Step> data = Arbitraries.integers().between(0, SPAN - 1).flatMap(off ->
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(Math.min(4, SPAN - off))
                        .map(b -> new Data(off, b)));
        Arbitrary<Step> guest = Arbitraries.integers().between(0, CPUS - 1).flatMap(c ->
                Arbitraries.integers().between(0, SPAN - 1).flatMap(off ->
                        Arbitraries.bytes().map(v -> new GuestStore(c, off, v))));
        Arbitrary<Step> maintain = Arbitraries.integers().between(0, SPAN - 1).flatMap(off ->
                Arbitraries.integers().between(1, SPAN - off).map(len -> new Maintain(off, len)));
        Arbitrary<Step> serialise = Arbitraries.integers().between(0, CPUS - 1).map(Serialise::new);
        Arbitrary<Step> drain = Arbitraries.integers().between(0, CPUS - 1).map(Drain::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, code), net.jqwik.api.Tuple.of(1, data), net.jqwik.api.Tuple.of(1, guest),
                net.jqwik.api.Tuple.of(2, maintain), net.jqwik.api.Tuple.of(2, serialise),
                net.jqwik.api.Tuple.of(1, drain)).list().ofMaxSize(30);
    }
}
