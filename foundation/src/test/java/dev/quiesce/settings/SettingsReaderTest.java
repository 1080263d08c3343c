package dev.quiesce.settings;

import com.typesafe.config.ConfigFactory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whole-number reads of the settings reader: a fraction where a whole number is expected is an error, never cut. */
class SettingsReaderTest {

    @TempDir
    Path dir;

    private static SettingsReader reader(String text) {
        return new SettingsReader(ConfigFactory.parseString(text), "quiesce.host");
    }

    private SettingsReader file(String text) throws IOException {
        Path f = dir.resolve("s.conf");
        Files.writeString(f, text);
        return new SettingsReader(ConfigFactory.parseFile(f.toFile()), "quiesce.host");
    }

    @Test
    void aFractionWhereAWholeNumberIsExpectedIsAnErrorNamingFileAndLine() throws IOException {
        SettingsReader r = file("\n\ncpus = 1.5\n");
        assertThatThrownBy(() -> r.longIn("cpus", 1, 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("s.conf") + ":3: quiesce.host.cpus = 1.5 is not a whole number; legal: a whole number in 1..256");
    }

    @Test
    void aQuotedFractionIsRefusedToo() {
        assertThatThrownBy(() -> reader("cpus = \"2.5\"").longIn("cpus", 1, 256))
                .hasMessageContaining("cpus = 2.5 is not a whole number");
    }

    @Test
    void aWholeNumberWrittenAsADoubleIsRead() {
        assertThat(reader("cpus = 2.0").longIn("cpus", 1, 256)).isEqualTo(2);
        assertThat(reader("n = 1e3").longIn("n", 1, 10_000)).isEqualTo(1000);
    }

    @Test
    void aNumberBeyondALongIsOutOfRangeAsWrittenNotSaturated() throws IOException {
        SettingsReader r = file("cpus = 99999999999999999999");
        assertThatThrownBy(() -> r.longIn("cpus", 1, 256))
                .hasMessage(dir.resolve("s.conf") + ":1: quiesce.host.cpus = 99999999999999999999 is out of range;"
                        + " legal: a whole number in 1..256");
    }

    @Test
    void aFractionOfBytesIsRefusedButASizeWithAUnitIsRead() {
        assertThatThrownBy(() -> reader("stack = 4096.5").bytesIn("stack", 4096, 1 << 20))
                .hasMessageContaining("quiesce.host.stack = 4096.5 is not a whole number");
        assertThat(reader("stack = 1.5KiB").bytesIn("stack", 0, 1 << 20)).isEqualTo(1536);
        assertThat(reader("stack = 8192").bytesIn("stack", 0, 1 << 20)).isEqualTo(8192);
    }

    @Property(seed = "16")
    void everyFractionIsRefusedForEveryIntegerKey(@ForAll @DoubleRange(min = -1e6, max = 1e6) double d) {
        if (d == Math.rint(d)) {
            assertThat(reader("k = " + d).longIn("k", -1_000_000, 1_000_000)).isEqualTo((long) d);
        } else {
            assertThatThrownBy(() -> reader("k = " + d).longIn("k", -1_000_000, 1_000_000))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a whole number");
        }
    }

    @Property(seed = "16")
    void everyWholeNumberInRangeIsReadExactly(@ForAll @LongRange(min = Long.MIN_VALUE, max = Long.MAX_VALUE) long v) {
        assertThat(reader("k = " + v).longIn("k", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(v);
    }
}
