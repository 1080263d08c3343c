package dev.quiesce.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No output silently replaces a file: an existing one needs {@code --force}, a private key or an input is never
 * overwritten, and the claim is made before the work (so a refused run leaves everything as it was).
 */
class OutputsAreClaimedFirstTest {

    @TempDir
    Path dir;

    @Test
    void signingOntoItsOwnKeyIsRefused_evenWithForce_andTheKeyIsUnchanged() throws IOException {
        Path prefix = dir.resolve("k");
        assertThat(CliRun.of("payload", "keygen", "-o", prefix.toString()).exit()).isZero();
        Path samples = dir.resolve("samples");
        assertThat(CliRun.of("payload", "samples", "-o", samples.toString()).exit()).isZero();
        Path key = dir.resolve("k.key");
        byte[] before = Files.readAllBytes(key);
        for (String force : new String[] {"--name=x", "--force"}) {
            CliRun r = CliRun.of("payload", "sign", samples.resolve("xen_hello_world.livepatch").toString(), "--key",
                    key.toString(), "-o", key.toString(), force);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: -o " + key).hasLineCount(1);
        }
        assertThat(Files.readAllBytes(key)).isEqualTo(before);
    }

    @Test
    void anExistingOutputNeedsForce_andIsClaimedBeforeTheRun() throws IOException {
        Path json = dir.resolve("out.json");
        Files.writeString(json, "mine");
        CliRun r = CliRun.of("run", "--cpus", "2", "--duration", "300us", "--json", json.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--json " + json + " exists: add --force").hasLineCount(1);
        assertThat(r.out()).as("refused before the run starts").doesNotContain("seed=");
        assertThat(Files.readString(json)).isEqualTo("mine");
        CliRun forced = CliRun.of("run", "--cpus", "2", "--duration", "300us", "--json", json.toString(), "--force");
        assertThat(forced.exit()).isZero();
        assertThat(Files.readString(json)).startsWith("{");
    }

    @Test
    void samplesIntoADirectoryHoldingThemNeedForce() {
        Path samples = dir.resolve("again");
        assertThat(CliRun.of("payload", "samples", "-o", samples.toString()).exit()).isZero();
        CliRun again = CliRun.of("payload", "samples", "-o", samples.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already holds", "--force");
        assertThat(CliRun.of("payload", "samples", "-o", samples.toString(), "--force").exit()).isZero();
    }

    @Test
    void outputFoldersAreCreatedTheSameWayEverywhere() {
        Path deep = dir.resolve("a/b/c/out.json");
        assertThat(CliRun.of("run", "--cpus", "2", "--duration", "300us", "--json", deep.toString()).exit()).isZero();
        assertThat(deep).isRegularFile();
    }

    @Test
    void aFolderNothingCanBeWrittenInIsRefusedBeforeTheWork() {
        for (String[] args : new String[][] {{"hunt", "mixed-versions-unsafe", "--oracle=NoMixedVersions",
                "--save=/proc/x"}, {"calibrate", "xen-default", "-o", "/proc/x"}, {"run", "--json=/proc/x"}}) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(args[0]).isEqualTo(2);
            assertThat(r.err()).as(args[0]).startsWith("error: cannot write ").contains("/proc/x").hasLineCount(1);
            assertThat(r.out()).as(args[0]).isEmpty();
        }
    }

    @Test
    void aFileNameTooLongForTheFileSystemIsRefusedBeforeTheWork() {
        CliRun r = CliRun.of("calibrate", "xen-default", "-o", dir.resolve("n".repeat(300)).toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: cannot write -o ").contains("File name too long").hasLineCount(1);
    }

    @Test
    void aFifoOrDeviceIsNeverReplaced_evenWithForce() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CliRun r = CliRun.of("run", "--duration=300us", "--json=" + fifo, "--force");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is not a regular file").hasLineCount(1);
        assertThat(Files.isRegularFile(fifo)).isFalse();
    }

    @Test
    void calibrateNeverWritesItsModelOverItsOwnScenarioFile() throws IOException {
        Path scenario = dir.resolve("s.conf");
        Files.writeString(scenario, "host { cpus = 2 }\n");
        CliRun r = CliRun.of("calibrate", scenario.toString(), "--seeds=1", "-o", scenario.toString(), "--force");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is also an input of this command").hasLineCount(1);
        assertThat(Files.readString(scenario)).isEqualTo("host { cpus = 2 }\n");
    }
}
