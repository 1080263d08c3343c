package dev.quiesce.splice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.payload.Expectation;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * For any memory contents, any set of disjoint JMP and NOP sites and any granularity, performing the plan leaves
 * exactly the final bytes of each site (a JMP per Xen's {@code arch_livepatch_apply()}, NOPs per
 * {@code add_nops()}) and every other byte as it was; reverting gives back the original memory.
 */
class StorePlanProperties {

    private static final long BASE = 0x20000;
    private static final int SLOT = 48;

    /** One site in slot {@code slot}: at {@code BASE + slot * SLOT + offset}; NOP length 0 means a JMP. */
    record Spec(int offset, int nopLength, int target) {
    }

    @Property(tries = 300, seed = "4404")
    void planEndsInExactlyTheFinalBytes_andRevertRestoresEverything(
            @ForAll @Size(min = 1, max = 64) byte[] noise,
            @ForAll @Size(min = 1, max = 6) List<@From("sites") Spec> specs, @ForAll Granularity g) {
        try (GuestMemory memory = GuestMemory.allocate(BASE, GuestMemory.PAGE_SIZE)) {
            byte[] initial = new byte[(int) GuestMemory.PAGE_SIZE];
            for (int i = 0; i < initial.length; i++) {
                initial[i] = noise[i % noise.length];
            }
            memory.write(BASE, initial);
            X86_64Isa isa = X86_64Isa.INSTANCE;
            List<PatchSite> sites = new ArrayList<>();
            byte[] expected = initial.clone();
            for (int slot = 0; slot < specs.size(); slot++) {
                Spec s = specs.get(slot);
                long at = BASE + (long) slot * SLOT + s.offset();
                int skip = isa.patchOffset(memory.read(at, 4));
                boolean nop = s.nopLength() > 0;
                long target = BASE + s.target();
                sites.add(new PatchSite("f" + slot, at, 40, nop ? 0 : target, nop ? s.nopLength() + skip : 16,
                        Expectation.none()));
                byte[] bytes = nop ? isa.nop(s.nopLength()) : isa.jump(at + skip, target);
                System.arraycopy(bytes, 0, expected, (int) (at + skip - BASE), bytes.length);
            }
            SpliceEngine engine = new SpliceEngine(memory, isa);
            StorePlan plan = engine.plan("p", sites, g);
            engine.execute(plan, StoreListener.NONE);
            assertThat(memory.read(BASE, initial.length)).isEqualTo(expected);
            assertThat(engine.consistency("p")).isIn(Consistency.ALL_APPLIED);

            engine.revert("p", g, StoreListener.NONE);
            assertThat(memory.read(BASE, initial.length)).isEqualTo(initial);
        }
    }

    @Provide
    Arbitrary<Spec> sites() {
        return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 31),
                Arbitraries.integers().between(0, (int) GuestMemory.PAGE_SIZE - 1)).as(Spec::new);
    }
}
