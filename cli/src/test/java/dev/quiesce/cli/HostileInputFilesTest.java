package dev.quiesce.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input files an attacker or a careless user names: a FIFO (which would block a reader forever), a device (which
 * never ends: /dev/zero once exhausted gigabytes of heap), an oversized file. Each command refuses them with one
 * {@code error:} line and exit 2, before reading a byte.
 */
class HostileInputFilesTest {

    @TempDir
    static Path dir;

    static Path fifo;

    @BeforeAll
    static void makeFifo() throws Exception {
        fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"replay", "payload inspect", "run", "sweep", "shrink", "payload verify --pubkey K"})
    void aFifoIsRefusedAtOnceWithOneErrorLine(String command) {
        assertRefused(command, fifo.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"replay", "payload inspect", "run", "hunt --oracle NoTornFetch"})
    void devZeroIsRefusedBeforeItIsRead(String command) {
        assertRefused(command, "/dev/zero");
    }

    @Test
    void aKeyFileThatIsADeviceIsRefused() throws IOException {
        Path payload = dir.resolve("p.livepatch");
        Files.write(payload, new byte[] {0x7f, 'E', 'L', 'F'});
        CliRun r = CliRun.of("payload", "sign", payload.toString(), "--key", "/dev/zero", "-o",
                dir.resolve("out.signed").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("/dev/zero", "not a regular file");
    }

    @Test
    void anOversizedPayloadIsRefusedWithoutBeingReadWhole() throws IOException {
        Path big = dir.resolve("big.livepatch");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), 3L << 30); // a sparse 3 GB file
        }
        CliRun r = CliRun.of("payload", "inspect", big.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("over the limit").hasLineCount(1);
    }

    @Test
    void aBadOptionIsOneErrorLineWithoutTheUsage() {
        CliRun r = CliRun.of("run", "--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: Unknown option: '--no-such-option' (see: quiesce run --help)\n");
        assertThat(r.out()).isEmpty();
    }

    private static void assertRefused(String command, String file) {
        String cmd = command.replace(" K", " " + fifo);
        String[] words = (cmd.startsWith("hunt") ? "hunt " + file + cmd.substring(4) : cmd + " " + file).split(" ");
        CliRun r = CliRun.of(words);
        assertThat(r.exit()).as(cmd).isEqualTo(2);
        assertThat(r.err()).as(cmd).startsWith("error: ").contains(file).hasLineCount(1)
                .doesNotContain("Exception", "Usage:");
    }
}
