package dev.quiesce.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The corpus reader refuses a malformed {@code history} block with the file and line of the key at fault (of the
 * block, for a missing key), what is wrong and what is legal; and reads a well-formed one.
 */
class CaseReaderTest {

    /** A scenario body every case below shares (lines 1-6), then its history block from line 7. */
    private static final String SCENARIO = """
            name = t
            duration = 400us
            host { cpus = 2 }
            oracles = [SideStateRestored]
            payloads = [xen_hello_world]
            actions = [ { at = 50us, action = apply, payload = xen_hello_world } ]
            """;
    private static final String GOOD = """
            history {
              project = "Xen"
              commit = "c5ed88110cd1"
              date = "2016-05"
              title = "a title"
              story = "a story"
              simplifies = "a simplification"
              oracle = SideStateRestored
              seed = "0x5eed"
              fixed = [ "protocol=xen.rendezvous" ]
              hunt { strategy = random, budget = 50, set = [] }
            }
            """;

    @TempDir
    Path dir;

    private Path write(String id, String history) throws IOException {
        return Files.writeString(dir.resolve(id + ".conf"), SCENARIO + history);
    }

    private String error(String history) throws IOException {
        Path f = write("a-case", history);
        try {
            Corpus.in(dir);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith(f.toString());
            return e.getMessage();
        } finally {
            Files.delete(f);
        }
        throw new AssertionError("no error for\n" + history);
    }

    @Test
    void aWellFormedCaseIsRead() throws IOException {
        write("a-case", GOOD);
        HistoryCase c = Corpus.in(dir).cases().getFirst();
        assertThat(c.id()).isEqualTo("a-case");
        assertThat(c.commit()).isEqualTo("c5ed88110cd1");
        assertThat(c.role()).isEqualTo("fix");
        assertThat(c.oracle().name()).isEqualTo("SideStateRestored");
        assertThat(c.seed()).isEqualTo(0x5eedL);
        assertThat(c.fixed()).containsExactly("protocol=xen.rendezvous");
        assertThat(c.hunt().budget()).isEqualTo(50);
        assertThat(c.source()).isEqualTo(dir.resolve("a-case.conf").toString());
    }

    @Test
    void aFileWithoutAHistoryBlockIsNotACase() throws IOException {
        assertThat(error("")).contains("no history { … } block");
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() throws IOException {
        String e = error(GOOD.replace("  date = \"2016-05\"\n", "  date = \"2016-05\"\n  autor = \"x\"\n"));
        assertThat(e).contains(":11:").contains("unknown key 'history.autor'").contains("known keys:");
    }

    @Test
    void aMalformedCommitIsNamedWithItsLine() throws IOException {
        String e = error(GOOD.replace("c5ed88110cd1", "c5ed8"));
        assertThat(e).contains(":9:").contains("history.commit = 'c5ed8' is malformed").contains("12 to 40");
    }

    @Test
    void aMissingKeyIsNamedWithTheBlocksLine() throws IOException {
        String e = error(GOOD.replace("  oracle = SideStateRestored\n", ""));
        assertThat(e).contains(":7:").contains("history.oracle is missing").contains("NoTornFetch");
    }

    @Test
    void anUnknownOracleListsTheLegalOnes() throws IOException {
        String e = error(GOOD.replace("oracle = SideStateRestored", "oracle = NoTornFetches"));
        assertThat(e).contains(":14:").contains("'NoTornFetches' is not an oracle").contains("RendezvousLiveness");
    }

    @Test
    void anOracleTheScenarioDoesNotCheckIsRefused() throws IOException {
        String e = error(GOOD.replace("oracle = SideStateRestored", "oracle = NoTornFetch"));
        assertThat(e).contains(":14:").contains("is not among the scenario's oracles");
    }

    @Test
    void aMalformedSeedIsNamedWithItsLine() throws IOException {
        assertThat(error(GOOD.replace("\"0x5eed\"", "\"0xnope\""))).contains(":15:").contains("history.seed is not a seed");
    }

    @Test
    void anEmptyFixedListIsRefused() throws IOException {
        String e = error(GOOD.replace("[ \"protocol=xen.rendezvous\" ]", "[]"));
        assertThat(e).contains(":16:").contains("history.fixed is empty");
    }

    @Test
    void aFixedOverrideThatDoesNotLoadIsRefused() throws IOException {
        String e = error(GOOD.replace("protocol=xen.rendezvous", "protocol=xen.nope"));
        assertThat(e).contains(":16:").contains("history.fixed does not load").contains("xen.rendezvous");
    }

    @Test
    void anUnknownStrategyAndABudgetOutOfRangeAreRefused() throws IOException {
        assertThat(error(GOOD.replace("strategy = random", "strategy = clever"))).contains(":17:")
                .contains("history.hunt.strategy = 'clever' is not legal; legal: random, pct, targeted");
        assertThat(error(GOOD.replace("budget = 50", "budget = 0"))).contains(":17:")
                .contains("history.hunt.budget = 0 is out of range");
    }

    @Test
    void aMalformedDateIsRefused() throws IOException {
        assertThat(error(GOOD.replace("\"2016-05\"", "\"May 2016\""))).contains(":10:")
                .contains("history.date = 'May 2016' is malformed");
    }

    @Test
    void aCaseIdMustBeLowerCaseDashed() throws IOException {
        write("Bad_Case", GOOD);
        assertThatThrownBy(() -> Corpus.in(dir)).hasMessageContaining("case id 'Bad_Case' is not lower-case-dashed");
    }

    @Test
    void anUnknownCaseListsTheLegalOnes() throws IOException {
        write("a-case", GOOD);
        write("b-case", GOOD);
        assertThatThrownBy(() -> Corpus.in(dir).select(java.util.List.of("c-case")))
                .hasMessage("no history case 'c-case'; legal: a-case, b-case");
    }
}
