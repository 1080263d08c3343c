package dev.quiesce.cli.guest;

import dev.quiesce.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code quiesce guest init} and a user scenario's bad input at the command line. */
class GuestCommandTest {

    @TempDir
    Path dir;

    @Test
    void guestInitWritesTheStartingPointAndRefusesToWriteItTwice() {
        Path mine = dir.resolve("mine");
        CliRun r = CliRun.of("guest", "init", mine.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("wrote " + mine.resolve("src/workload.c"))
                .contains("next: ./quiesce run " + mine.resolve("scenario.conf"));
        CliRun again = CliRun.of("guest", "init", mine.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).startsWith("error: " + mine + " is not empty").doesNotContain("Exception");
    }

    @Test
    void aCompileErrorIsOneErrorLineWithGccsFileAndLineAndExit2() throws Exception {
        Path mine = dir.resolve("mine");
        assertThat(CliRun.of("guest", "init", mine.toString()).exit()).isZero();
        Files.writeString(mine.resolve("src/oops.c"), "int oops(void)\n{\n    return undeclared_thing;\n}\n");
        Path json = dir.resolve("out/run.json");
        CliRun r = CliRun.of("run", mine.resolve("scenario.conf").toString(), "--json", json.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(dir.resolve("out")).as("nothing half-built").doesNotExist();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("error: gcc could not compile " + mine.resolve("src/oops.c") + ": "
                + mine.resolve("src/oops.c") + ":3:12: error: 'undeclared_thing' undeclared");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUndefinedSymbolIsOneErrorLineNamingItAndWhatToDo() throws Exception {
        Path mine = dir.resolve("mine");
        assertThat(CliRun.of("guest", "init", mine.toString()).exit()).isZero();
        Files.writeString(mine.resolve("src/more.c"), "int helper(int);\nint more(int x) { return helper(x); }\n");
        CliRun r = CliRun.of("run", mine.resolve("scenario.conf").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: your code does not link: 1 undefined symbol; helper: referenced from"
                + " user/more.o (in more): not in the runtime: write it or add a source that defines it");
    }
}
