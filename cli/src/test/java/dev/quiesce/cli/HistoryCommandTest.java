package dev.quiesce.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code quiesce history}: the listing of the corpus, an unknown case refused in one line naming the legal ones
 * (exit 2), and the CI-short check of one case ({@code history run CASE --short}).
 */
class HistoryCommandTest {

    @Test
    void historyListsEveryCaseWithItsProjectCommitAndTitle() {
        CliRun r = CliRun.of("history");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines().getFirst()).startsWith("case").contains("project", "commit", "date", "title");
        assertThat(r.out()).containsPattern("xen-abort-skips-nmi-unmask +Xen +c5ed88110cd1 +2016-05 +xsplice: Unmask")
                .containsPattern("patch-text-first-cpu-patches +Linux .* +31a099dbd91e +2022-04 +arm64: patch_text")
                .containsPattern("\\d+ cases; `quiesce history run");
    }

    @Test
    void anUnknownCaseIsOneLineListingTheLegalOnesWithExit2() {
        CliRun r = CliRun.of("history", "run", "xen-abort-forgets-everything");
        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("error: no history case 'xen-abort-forgets-everything'; legal: ")
                .contains("xen-abort-skips-nmi-unmask", "patch-text-first-cpu-patches");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theShortRunChecksTheDocumentedSeedBuggyCaughtAndReplayedFixedClean() {
        CliRun r = CliRun.of("history", "run", "xen-abort-skips-nmi-unmask", "--short");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("xen-abort-skips-nmi-unmask at 0x5eed: buggy caught (SideStateRestored violated")
                .contains("replayed; fixed clean");
    }
}
