package dev.quiesce.cli.payload;

import dev.quiesce.cli.CliRun;
import dev.quiesce.guest.GuestObjects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.quiesce.cli.payload.Cli.field;
import static dev.quiesce.cli.payload.Cli.quiesce;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code payload build} end to end: a fix to the guest's own version.c, built against the real base objects. */
class BuildCommandTest {

    /** The guest build's flags (guest/src/main/build-guest.sh). */
    private static final String[] GUEST_FLAGS = {"gcc", "-c", "-std=gnu11", "-O2", "-ffreestanding", "-nostdlib", "-fpie",
            "-mcmodel=small", "-ffunction-sections", "-fdata-sections", "-mno-red-zone", "-mgeneral-regs-only",
            "-fno-asynchronous-unwind-tables", "-fno-omit-frame-pointer", "-fcf-protection=none", "-fno-stack-protector",
            "-fno-common", "-Wall", "-Wextra", "-Werror", "-I", "."};

    @TempDir
    static Path dir;

    @BeforeAll
    static void baseAndPatchedBuilds() throws Exception {
        Path src = Path.of("../guest/src/main/c");
        Files.createDirectories(dir.resolve("base"));
        Files.createDirectories(dir.resolve("patched"));
        Files.write(dir.resolve("base/version.o"), GuestObjects.object("version.o").bytes());
        Path patched = dir.resolve("patched");
        Files.copy(src.resolve("guest.h"), patched.resolve("guest.h"));
        String version = Files.readString(src.resolve("version.c"));
        assertThat(version).contains("\"-quiesce\"");
        Files.writeString(patched.resolve("version.c"), version.replace("\"-quiesce\"", "\"-fixed\""));
        String[] cmd = java.util.Arrays.copyOf(GUEST_FLAGS, GUEST_FLAGS.length + 3);
        cmd[GUEST_FLAGS.length] = "-o";
        cmd[GUEST_FLAGS.length + 1] = "version.o";
        cmd[GUEST_FLAGS.length + 2] = "version.c";
        Cli.run(patched, cmd);
        Files.delete(patched.resolve("version.c"));
    }

    @Test
    void build_replacesTheChangedFunctionAndTheResultAppliesOnTheBaseImage() throws Exception {
        Path out = dir.resolve("extra_fix.livepatch");
        CliRun b = build("extra_fix", dir.resolve("patched"), out);
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(b.out()).contains("wrote " + out + ": 1 changed, 0 new function(s), build-id ");

        CliRun i = quiesce("payload", "inspect", out, "--check-against", "base");
        assertThat(i.exit()).as(i.out()).isZero();
        assertThat(field(i, "functions")).isEqualTo("1");
        assertThat(i.out()).containsPattern("  xen_extra_version: old_size \\d+, new_size \\d+, JMP to xen_extra_version, expect none");
        assertThat(field(i, "verdict")).isEqualTo("yes: 'extra_fix' can be applied on top of the base image");
        assertThat(field(i, "depends")).isEqualTo(field(i, "xen_depends"));

        Path again = dir.resolve("again.livepatch");
        assertThat(build("extra_fix", dir.resolve("patched"), again).exit()).isZero();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(out));
    }

    @Test
    void build_withoutAFunctionalChange_exits3() {
        CliRun r = build("nothing", dir.resolve("base"), dir.resolve("nothing.livepatch"));
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().strip()).isEqualTo("no functional change");
        assertThat(dir.resolve("nothing.livepatch")).doesNotExist();
    }

    @Test
    void build_refusesAnUnknownImageAndABadBuildId() {
        CliRun image = quiesce("payload", "build", "--base", dir.resolve("base"), "--patched", dir.resolve("patched"),
                "--name", "x", "--depends-on-image", "xen-4.19", "-o", dir.resolve("x.livepatch"));
        assertThat(image.exit()).isEqualTo(2);
        assertThat(image.err()).contains("only 'base' (the built-in guest image) is known");
        CliRun id = quiesce("payload", "build", "--base", dir.resolve("base"), "--patched", dir.resolve("patched"),
                "--name", "x", "--depends", "xyz", "-o", dir.resolve("x.livepatch"));
        assertThat(id.exit()).isEqualTo(2);
        assertThat(id.err()).contains("build-id 'xyz'");
    }

    private static CliRun build(String name, Path patched, Path out) {
        return quiesce("payload", "build", "--base", dir.resolve("base"), "--patched", patched, "--name", name,
                "--depends-on-image", "base", "-o", out);
    }
}
