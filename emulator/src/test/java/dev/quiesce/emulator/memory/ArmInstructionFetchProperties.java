package dev.quiesce.emulator.memory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static dev.quiesce.emulator.memory.ArmFetchMachine.CODE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XmcModel#ARM}'s code views against a tiny reference model written from the rule alone: per CPU and byte,
 * what it fetches is the value of the last store that was maintained and then followed by that CPU's context
 * synchronisation event; per byte the memory holds the last store and whether it was maintained since.
 */
class ArmInstructionFetchProperties {

    private static final int CPUS = 3;
    /** Bytes at CODE + [0, SPAN): straddles the two code pages to exercise per-page bookkeeping. */
    private static final int SPAN = 16;
    private static final long START = CODE + GuestMemory.PAGE_SIZE - SPAN / 2;

    /** A step: a store, a maintenance or a synchronisation. */
    sealed interface Step {
    }

    record Store(int offset, byte[] bytes) implements Step {
    }

    record Maintain(int offset, int length) implements Step {
    }

    record Synchronise(int cpu) implements Step {
    }

    /** The reference: memory, maintained flags and each CPU's fetched bytes, all per byte. */
    private static final class Reference {
        final byte[] memory = new byte[SPAN];
        final boolean[] maintained = new boolean[SPAN];
        final byte[][] fetched = new byte[CPUS][SPAN];

        Reference() {
            java.util.Arrays.fill(maintained, true);
        }

        void apply(Step s) {
            switch (s) {
                case Store st -> {
                    for (int i = 0; i < st.bytes().length; i++) {
                        memory[st.offset() + i] = st.bytes()[i];
                        maintained[st.offset() + i] = false;
                    }
                }
                case Maintain mt -> {
                    for (int i = mt.offset(); i < mt.offset() + mt.length(); i++) {
                        maintained[i] = true;
                    }
                }
                case Synchronise sy -> {
                    for (int i = 0; i < SPAN; i++) {
                        if (maintained[i]) {
                            fetched[sy.cpu()][i] = memory[i];
                        }
                    }
                }
            }
        }
    }

    @Property(tries = 300, seed = "19")
    void everyCpuFetchesWhatTheRuleSays(@ForAll("steps") List<Step> steps) {
        Reference ref = new Reference();
        try (ArmFetchMachine m = ArmFetchMachine.of(CPUS)) {
            for (Step s : steps) {
                switch (s) {
                    case Store st -> m.memory().writeCode(START + st.offset(), st.bytes());
                    case Maintain mt -> m.memory().maintainCode(START + mt.offset(), mt.length());
                    case Synchronise sy -> m.synchronise(sy.cpu());
                }
                ref.apply(s);
                for (int c = 0; c < CPUS; c++) {
                    assertThat(m.views().view(c).read(START, SPAN)).as("CPU %d after %s", c, s)
                            .containsExactly(ref.fetched[c]);
                }
            }
            assertThat(m.memory().read(START, SPAN)).containsExactly(ref.memory);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> store = Arbitraries.integers().between(0, SPAN - 1).flatMap(off ->
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(SPAN - off)
                        .map(b -> new Store(off, b)));
        Arbitrary<Step> maintain = Arbitraries.integers().between(0, SPAN - 1).flatMap(off ->
                Arbitraries.integers().between(1, SPAN - off).map(len -> new Maintain(off, len)));
        Arbitrary<Step> sync = Arbitraries.integers().between(0, CPUS - 1).map(Synchronise::new);
        return Arbitraries.oneOf(store, maintain, sync).list().ofMaxSize(40);
    }
}
