package dev.quiesce.history;

import dev.quiesce.seed.Seed;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI-short check of the corpus (docs/history.md): for every case file found — the repository's
 * {@code scenarios/history/}, on the class path — the buggy variant at the documented seed violates the case's oracle
 * and its replay reproduces the same violation and trace hash, and the fixed variant at that seed has no violation
 * and no faulting CPU. The full measurement (hunts, shrink, 200 seeds) is {@code quiesce history run}.
 */
class EveryCaseIsCaughtAtItsSeedAndItsFixHoldsTest {

    private static final Corpus CORPUS = Corpus.load();

    @Test
    void theCorpusHoldsTheCasesOfIssue15() {
        assertThat(CORPUS.ids()).contains("xen-abort-skips-nmi-unmask", "patch-text-first-cpu-patches");
    }

    @TestFactory
    Stream<DynamicTest> everyCaseIsCaughtAtItsDocumentedSeedAndItsFixHolds() {
        return CORPUS.cases().stream().map(c -> DynamicTest.dynamicTest(c.id() + " at " + Seed.format(c.seed()), () -> {
            SeedCheck s = SeedCheck.run(c, c.seed());
            System.out.println(c.id() + ": " + s.describe());
            assertThat(s.violation()).as("the buggy variant violates %s at the documented seed", c.oracle().name())
                    .isNotNull();
            assertThat(s.violation().oracle()).isEqualTo(c.oracle().name());
            assertThat(s.replay()).as("the replay reproduces the violation and the trace hash").isEmpty();
            assertThat(s.fixed().violations()).as("the fixed variant at the documented seed").isEmpty();
            assertThat(s.fixedClean()).isTrue();
            assertThat(s.fixed().outcomes()).as("the fixed variant's action finished").isNotEmpty();
        }));
    }
}
