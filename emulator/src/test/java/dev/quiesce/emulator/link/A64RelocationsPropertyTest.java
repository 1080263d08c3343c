package dev.quiesce.emulator.link;

import dev.quiesce.io.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A random placement of every AArch64 relocation type: a random page-aligned base, and for each type a random
 * addend and a random value of X anywhere in its range (a random symbol for the unchecked types); the linked bytes
 * are GNU ld's for the same layout and symbols.
 */
class A64RelocationsPropertyTest {

    /** One draw: the base, and per case of {@link A64Case#ALL} an addend and a fraction of the range (or a symbol). */
    record Placement(long base, List<Long> addends, List<Long> draws) {
    }

    @Provide
    Arbitrary<Placement> placements() {
        int n = A64Case.ALL.size();
        Arbitrary<Long> base = Arbitraries.longs().between(0x2_0000_0L, 0xff_ffff_fL).map(page -> page << 12);
        Arbitrary<List<Long>> addends = Arbitraries.longs().between(-4096, 4096).list().ofSize(n);
        Arbitrary<List<Long>> draws = Arbitraries.longs().between(0, Long.MAX_VALUE).list().ofSize(n);
        return Combinators.combine(base, addends, draws).as(Placement::new);
    }

    @Property(tries = 25, seed = "183")
    void randomPlacementsAndAddendsGiveGnuLdsBytes(@ForAll("placements") Placement placement) throws IOException {
        Path dir = Files.createTempDirectory("a64-relocs");
        try {
            List<A64Case> cases = A64Case.ALL;
            A64Program program = A64Program.assemble(dir, cases, placement.addends(), 0);
            List<Long> symbols = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                A64Case c = cases.get(i);
                long draw = placement.draws().get(i);
                long a = placement.addends().get(i);
                long p = placement.base() + program.offsets().get(i);
                if (!c.checked()) { // any symbol; X = S + A a multiple of the access size for the loads and stores
                    long x = (draw >>> 15) & -c.multiple();
                    symbols.add(c.multiple() > 1 ? c.symbolFor(x, p, a) : x);
                    continue;
                }
                long steps = (c.max() - c.min()) / c.step();
                long x = c.min() + Math.floorMod(draw, steps) * c.step();
                long low = c.op() == A64Case.Op.PAGE ? draw >>> 52 : 0;
                symbols.add(c.symbolFor(x, p, a) + low);
            }
            GuestImage image = ImageLinker.link(List.of(program.object()), placement.base(), A64RelocationsTest.table(symbols));
            GnuLd.assertSameAsLd(dir, List.of(program.object()), image, A64RelocationsTest.defsyms(symbols));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Trees.delete(dir);
        }
    }
}
