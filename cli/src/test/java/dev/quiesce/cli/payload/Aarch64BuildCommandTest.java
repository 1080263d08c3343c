package dev.quiesce.cli.payload;

import static dev.quiesce.cli.payload.Cli.quiesce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.cli.CliRun;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.isa.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code payload build} on AArch64 objects, end to end: the AArch64 guest's own {@code version.o} against the same
 * source with a new {@code xen_extra_version()} string, compiled by Debian's cross compiler with the guest's flags;
 * no option names the architecture (the objects' {@code e_machine} does), and the payload applies on an AArch64
 * host, whose emulated guest then returns the new string.
 */
class Aarch64BuildCommandTest {

    /** The AArch64 guest build's flags ({@code a64flags} in guest/src/main/build-guest.sh). */
    private static final String[] A64_FLAGS = {"aarch64-linux-gnu-gcc", "-c", "-std=gnu11", "-O2", "-ffreestanding",
            "-nostdlib", "-fpie", "-mcmodel=small", "-ffunction-sections", "-fdata-sections", "-mgeneral-regs-only",
            "-fno-asynchronous-unwind-tables", "-fno-unwind-tables", "-fno-omit-frame-pointer", "-mbranch-protection=none",
            "-mno-outline-atomics", "-fno-stack-protector", "-fno-common", "-Wall", "-Wextra", "-Werror", "-I", "."};

    @TempDir
    static Path dir;

    @BeforeAll
    static void baseAndPatchedBuilds() throws Exception {
        Path src = Path.of("../guest/src/main/c");
        Files.createDirectories(dir.resolve("base"));
        Path patched = Files.createDirectories(dir.resolve("patched"));
        Files.write(dir.resolve("base/version.o"), GuestObjects.object(Arch.AARCH64, "version.o").bytes());
        Files.copy(src.resolve("guest.h"), patched.resolve("guest.h"));
        String version = Files.readString(src.resolve("version.c"));
        assertThat(version).contains("\"-quiesce\"");
        Files.writeString(patched.resolve("version.c"), version.replace("\"-quiesce\"", "\"-armfix\""));
        String[] cmd = Arrays.copyOf(A64_FLAGS, A64_FLAGS.length + 3);
        cmd[A64_FLAGS.length] = "-o";
        cmd[A64_FLAGS.length + 1] = "version.o";
        cmd[A64_FLAGS.length + 2] = "version.c";
        Cli.run(patched, cmd);
        Files.delete(patched.resolve("version.c"));
        Files.delete(patched.resolve("guest.h"));
    }

    @Test
    void anAarch64BuildAppliesOnAnAarch64HostAndTheGuestReturnsTheNewString() throws Exception {
        Path payloads = Files.createDirectories(dir.resolve("payloads"));
        Path out = payloads.resolve("arm_fix.livepatch");
        CliRun b = quiesce("payload", "build", "--base", dir.resolve("base"), "--patched", dir.resolve("patched"),
                "--name", "arm_fix", "--depends-on-image", "base", "-o", out);
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(b.out()).contains("wrote " + out + ": 1 changed, 0 new function(s)");

        CliRun before = CliRun.of("host", "--arch", "aarch64", "--exec", "info");
        assertThat(before.out()).contains("xen_extra              : -quiesce");
        CliRun host = CliRun.of("host", "--arch", "aarch64", "--payloads", payloads.toString(), "--exec",
                "load arm_fix.livepatch; info; list");
        assertThat(host.err()).isEmpty();
        assertThat(host.exit()).isZero();
        assertThat(host.out()).contains("xen_extra              : -armfix").containsPattern("arm_fix\\s+\\| APPLIED");
    }

    @Test
    void objectsOfTwoMachinesAreOneErrorLineNamingBoth() throws Exception {
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.write(mixed.resolve("version.o"), GuestObjects.object(Arch.AARCH64, "version.o").bytes());
        Files.write(mixed.resolve("x86_version.o"), GuestObjects.object("version.o").bytes());
        CliRun r = quiesce("payload", "build", "--base", dir.resolve("base"), "--patched", mixed, "--name", "mixed",
                "--depends-on-image", "base", "-o", dir.resolve("mixed.livepatch"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error:").contains("x86_version.o is x86-64 (e_machine 62)")
                .contains("version.o is aarch64 (e_machine 183)").doesNotContain("\n");
        assertThat(dir.resolve("mixed.livepatch")).doesNotExist();
    }
}
