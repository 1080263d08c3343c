package dev.quiesce.emulator.unicorn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which Unicorn library quiesce loads, what it reports of it, and what it says when none is usable. */
class UnicornLibraryTest {

    @Test
    void bothVersionsLoadSideBySideEachWithItsOwnVersionAndSymbols() {
        List<UnicornLibrary> both = Libraries.both();
        assertThat(both.get(0).version()).startsWith("2.0.");
        assertThat(both.get(1).atLeast(2, 1)).isTrue();
        assertThat(both.get(0).lookup.find("uc_open").orElseThrow().address())
                .as("two copies of the code, not one library under two names")
                .isNotEqualTo(both.get(1).lookup.find("uc_open").orElseThrow().address());
    }

    @Test
    void aBundled21IsPreferredOverTheSystemsUnlessOneIsConfigured() {
        Libraries.both();
        assertThat(UnicornLibrary.preferred().atLeast(2, 1)).as(UnicornLibrary.preferred().describe()).isTrue();
        assertThat(UnicornLibrary.preferred().version()).isEqualTo(UnicornLibrary.available().getFirst().version());
        UnicornLibrary old = Libraries.both().getFirst();
        assertThat(UnicornLibrary.load(old.source())).isSameAs(old);
    }

    @Test
    void theDefaultCountingIsBlockOn21AndInstructionOn20() {
        List<UnicornLibrary> both = Libraries.both();
        String saved = System.getProperty(Counting.PROPERTY);
        System.clearProperty(Counting.PROPERTY);
        try {
            if (System.getenv(Counting.ENV) == null) {
                assertThat(Counting.configuredFor(both.get(0))).isEqualTo(Counting.INSTRUCTION);
                assertThat(Counting.configuredFor(both.get(1))).isEqualTo(Counting.BLOCK);
            }
            System.setProperty(Counting.PROPERTY, "instruction");
            assertThat(Counting.configuredFor(both.get(1))).isEqualTo(Counting.INSTRUCTION);
        } finally {
            if (saved == null) {
                System.clearProperty(Counting.PROPERTY);
            } else {
                System.setProperty(Counting.PROPERTY, saved);
            }
        }
        assertThatThrownBy(() -> Counting.parse("tb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instruction, block");
    }

    @Test
    void aConfiguredLibraryThatIsMissing_isNamedInTheMessageWithEveryWayToInstallUnicorn(@TempDir Path dir) {
        String missing = dir.resolve("libunicorn.so.2").toString();
        assertThatThrownBy(() -> UnicornLibrary.load(missing))
                .isInstanceOf(UnicornUnavailableException.class)
                .hasMessageContaining(missing + " (no such file)")
                .hasMessageContaining("2.0 or later")
                .hasMessageContaining("pip install unicorn==" + UnicornLocator.WHEEL_VERSION)
                .hasMessageContaining("apt-get install -y libunicorn2")
                .hasMessageContaining("QUIESCE_UNICORN_LIBRARY=");
    }

    @Test
    void theSystemsLibraryIsLookedUpByPathSoAnotherLoadedCopyCannotStandInForIt() {
        assertThat(UnicornLocator.systemCandidates()).allSatisfy(c -> assertThat(c).contains("/"));
    }
}
