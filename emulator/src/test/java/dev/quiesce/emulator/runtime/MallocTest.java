package dev.quiesce.emulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.emulator.call.GuestFault;
import dev.quiesce.emulator.unicorn.FaultKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The runtime's heap under random malloc/calloc/realloc/free sequences: blocks are 16-byte aligned,
 * inside {@code quiesce_heap}, never overlap, keep their contents (realloc its prefix), calloc's are
 * zero, and once everything is freed the whole arena is one free block again.
 */
class MallocTest {

    private static final long ARENA = 256 * 1024;
    private static final long HEADER = 16;
    private static final int ENOMEM = 12;
    private static RuntimeGuest guest;

    private static synchronized RuntimeGuest guest() {
        if (guest == null) {
            guest = RuntimeGuest.build();     // its own heap: not the shared guest's
        }
        return guest;
    }

    /** One step: kind 0 malloc, 1 calloc, 2 realloc, 3 free; pick chooses a live block. */
    record Op(int kind, long size, int pick) {
    }

    private record Block(long address, long size, byte fill) {
    }

    @Provide
    Arbitrary<Op> ops() {
        Arbitrary<Long> size = Arbitraries.oneOf(Arbitraries.longs().between(0, 64), Arbitraries.longs().between(65, 1100),
                Arbitraries.longs().between(1100, 20_000));
        return Combinators.combine(Arbitraries.of(0, 0, 1, 2, 2, 3, 3, 3), size, Arbitraries.integers().between(0, 1000))
                .as(Op::new);
    }

    private long[] stats() {
        RuntimeGuest g = guest();
        g.call("p_heap_stats", 0, 0, 0, 0, g.out());
        long[] s = new long[4];
        for (int i = 0; i < 4; i++) {
            s[i] = g.memory().readU64(g.out() + 8L * i);
        }
        return s;
    }

    private void fill(Block b) {
        byte[] bytes = new byte[(int) b.size()];
        Arrays.fill(bytes, b.fill());
        guest().memory().write(b.address(), bytes);
    }

    private void assertIntact(Block b, long prefix) {
        byte[] want = new byte[(int) prefix];
        Arrays.fill(want, b.fill());
        assertThat(guest().memory().read(b.address(), (int) prefix)).as("contents of %s", b).isEqualTo(want);
    }

    private void assertPlaced(Block b, List<Block> live) {
        long heap = guest().address("quiesce_heap");
        assertThat(b.address() % 16).as("alignment of %s", b).isZero();
        assertThat(b.address()).isGreaterThanOrEqualTo(heap + HEADER);
        assertThat(b.address() + b.size()).isLessThanOrEqualTo(heap + ARENA - HEADER);
        for (Block o : live) {
            boolean disjoint = b.address() + b.size() <= o.address() || o.address() + o.size() <= b.address();
            assertThat(disjoint || b.size() == 0 || o.size() == 0).as("%s overlaps %s", b, o).isTrue();
            assertThat(b.address()).as("two live blocks at one address").isNotEqualTo(o.address());
        }
    }

    /** A NULL result is only right when no free block can hold the request; errno is then ENOMEM. */
    private void assertOutOfMemory(long size) {
        assertThat(guest().call("p_errno", 0, 0, 0, 0, 0)).isEqualTo(ENOMEM);
        assertThat(stats()[2]).as("largest request possible").isLessThan(size);
    }

    @Property(tries = 60, seed = "41")
    void randomHeapTrafficKeepsBlocksDisjointAndIntactAndFreesBackToOneBlock(
            @ForAll @Size(min = 1, max = 120) List<@From("ops") Op> ops) {
        RuntimeGuest g = guest();
        List<Block> live = new ArrayList<>();
        byte fill = 1;
        for (Op op : ops) {
            fill = (byte) (fill * 31 + 7);
            if (op.kind() <= 1 || live.isEmpty()) {
                long p = op.kind() == 1 ? g.call("p_calloc", 0, 0, op.size() / 8 + 1, 8) : g.call("p_malloc", 0, 0, op.size(), 0);
                long size = op.kind() == 1 ? (op.size() / 8 + 1) * 8 : op.size();
                if (p == 0) {
                    assertOutOfMemory(size);
                    continue;
                }
                Block b = new Block(p, size, fill);
                assertPlaced(b, live);
                if (op.kind() == 1) {
                    assertThat(g.memory().read(p, (int) size)).as("calloc'd bytes").containsOnly((byte) 0);
                }
                fill(b);
                live.add(b);
            } else if (op.kind() == 2) {
                Block old = live.remove(op.pick() % live.size());
                assertIntact(old, old.size());
                long p = g.call("p_realloc", old.address(), 0, op.size(), 0);
                if (p == 0) {
                    assertOutOfMemory(op.size());
                    assertIntact(old, old.size());
                    live.add(old);
                    continue;
                }
                Block moved = new Block(p, op.size(), old.fill());
                assertPlaced(moved, live);
                assertIntact(moved, Math.min(old.size(), op.size()));
                Block b = new Block(p, op.size(), fill);
                fill(b);
                live.add(b);
            } else {
                Block b = live.remove(op.pick() % live.size());
                assertIntact(b, b.size());
                g.call("p_free", b.address(), 0, 0, 0, 0);
            }
        }
        for (Block b : live) {
            assertIntact(b, b.size());
        }
        assertThat(stats()[3]).as("blocks in use").isEqualTo(live.size());
        for (Block b : live) {
            g.call("p_free", b.address(), 0, 0, 0, 0);
        }
        long[] s = stats();
        assertThat(s[0]).isEqualTo(ARENA);
        assertThat(s[3]).as("blocks in use after freeing all").isZero();
        assertThat(s[1]).as("free bytes after freeing all").isEqualTo(ARENA - HEADER);
        assertThat(s[2]).as("largest request after freeing all").isEqualTo(ARENA - 2 * HEADER);
        long all = g.call("p_malloc", 0, 0, ARENA - 2 * HEADER, 0);
        assertThat(all).as("the whole arena in one malloc").isEqualTo(g.address("quiesce_heap") + HEADER);
        g.call("p_free", all, 0, 0, 0, 0);
    }

    @Example
    void exhaustionAndOverflowReturnNullWithEnomem() {
        RuntimeGuest g = guest();
        assertThat(g.call("p_malloc", 0, 0, ARENA, 0)).isZero();
        assertThat(g.call("p_errno", 0, 0, 0, 0, 0)).isEqualTo(ENOMEM);
        assertThat(g.call("p_calloc", 0, 0, 1L << 33, 1L << 33)).as("count * size overflows").isZero();
        assertThat(g.call("p_malloc", 0, 0, -1L, 0)).isZero();
        long p = g.call("p_malloc", 0, 0, 0, 0);
        assertThat(p).as("malloc(0) is a unique pointer").isNotZero();
        g.call("p_free", p, 0, 0, 0, 0);
        g.call("p_free", 0, 0, 0, 0, 0);
        assertThat(stats()[3]).isZero();
    }

    @Example
    void aDoubleFreeTrapsWithAMessage() {
        RuntimeGuest g = guest();
        long p = g.call("p_malloc", 0, 0, 100, 0);
        long q = g.call("p_malloc", 0, 0, 100, 0);
        g.call("p_free", p, 0, 0, 0, 0);
        assertThatThrownBy(() -> g.call("p_free", p, 0, 0, 0, 0))
                .isInstanceOfSatisfying(GuestFault.class, f -> assertThat(f.kind()).isEqualTo(FaultKind.INVALID_INSTRUCTION));
        assertThat(GuestCall.readCString(g.memory(), g.address("quiesce_assert_message"), 256))
                .matches("malloc\\.c:\\d+: free: Assertion `block is allocated \\(double free or corrupted heap\\)' failed\\.");
        g.call("p_free", q, 0, 0, 0, 0);
        assertThat(stats()[3]).isZero();
    }
}
