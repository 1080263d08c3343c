package dev.quiesce.io;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor()).isZero();
        // opening a FIFO with no writer blocks: the check must refuse it before any open
        assertThatThrownBy(() -> InputFiles.read(fifo, 1024, "replay file"))
                .isInstanceOfSatisfying(InputFileException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InputFileException.Reason.NOT_REGULAR);
                    assertThat(e.getMessage()).contains("replay file", "not a regular file").doesNotContain("\n");
                });
    }

    @Test
    void aDeviceIsRefused_soDevZeroCannotExhaustTheHeap() {
        assertThatThrownBy(() -> InputFiles.read(Path.of("/dev/zero"), 1 << 20, "payload"))
                .isInstanceOfSatisfying(InputFileException.class,
                        e -> assertThat(e.reason()).isEqualTo(InputFileException.Reason.NOT_REGULAR));
    }

    @Test
    void missingAndDirectoryAreTheirOwnReasons() {
        assertThatThrownBy(() -> InputFiles.read(dir.resolve("nope"), 10, "key file"))
                .isInstanceOfSatisfying(InputFileException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InputFileException.Reason.MISSING);
                    assertThat(e.reason().errno()).isEqualTo(2);
                });
        assertThatThrownBy(() -> InputFiles.read(dir, 10, "key file"))
                .isInstanceOfSatisfying(InputFileException.class,
                        e -> assertThat(e.reason()).isEqualTo(InputFileException.Reason.DIRECTORY));
    }

    @Test
    void aFileOverTheBoundIsRefusedBeforeItIsRead() throws IOException {
        Path big = dir.resolve("big");
        Files.write(big, new byte[4097]);
        assertThatThrownBy(() -> InputFiles.read(big, 4096, "model file"))
                .isInstanceOfSatisfying(InputFileException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InputFileException.Reason.TOO_LARGE);
                    assertThat(e.getMessage()).contains("4097 bytes", "4096");
                });
    }

    @Test
    void aStreamStopsAtTheBoundEvenIfTheFileGrewAfterTheCheck() throws IOException {
        Path f = dir.resolve("growing");
        Files.write(f, new byte[10]);
        try (InputStream in = InputFiles.open(f, 10, "trace")) {
            Files.write(f, new byte[20]); // grows after the check
            assertThatThrownBy(in::readAllBytes).isInstanceOf(InputFileException.class)
                    .hasMessageContaining("more than 10 bytes");
        }
    }

    @Property(tries = 60, seed = "42")
    void readReturnsExactlyTheBytesIffTheFileFitsTheBound(@ForAll @IntRange(max = 3000) int size,
                                                           @ForAll @IntRange(max = 3000) int bound) throws IOException {
        Path f = Files.createTempFile("input-files", ".bin");
        try {
            byte[] data = new byte[size];
            Arrays.fill(data, (byte) 0x5a);
            Files.write(f, data);
            if (size <= bound) {
                assertThat(InputFiles.read(f, bound, "file")).isEqualTo(data);
            } else {
                assertThatThrownBy(() -> InputFiles.read(f, bound, "file")).isInstanceOf(InputFileException.class);
            }
        } finally {
            Files.delete(f);
        }
    }
}
