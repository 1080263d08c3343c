package dev.quiesce.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiesce host --arch aarch64} with Xen's test payloads built for AArch64 ({@code payload samples --arch
 * aarch64}): the wiki's hello → bye → replace transcript ends with what the AArch64 guest's own
 * {@code xen_extra_version()} returns, and a payload of the other architecture is refused naming both machines.
 */
class Aarch64HostCommandTest {

    @TempDir
    static Path arm;

    @TempDir
    static Path x86;

    @BeforeAll
    static void samples() {
        assertThat(CliRun.of("payload", "samples", "--arch", "aarch64", "-o", arm.toString()).exit()).isZero();
        assertThat(CliRun.of("payload", "samples", "-o", x86.toString()).exit()).isZero();
    }

    @Test
    void theWikiTranscriptRunsOnAnAarch64Host() {
        CliRun r = CliRun.of("host", "--arch", "aarch64", "--payloads", arm.toString(), "--exec",
                "load xen_hello_world.livepatch; load xen_bye_world.livepatch;"
                        + " upload replace_bye_and_hello xen_replace_world.livepatch; replace replace_bye_and_hello;"
                        + " info; list");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("xen_extra              : Hello Again World!")
                .containsPattern("replace_bye_and_hello\\s+\\| APPLIED")
                .containsPattern("xen_hello_world\\s+\\| CHECKED");
    }

    @Test
    void aPayloadForTheOtherArchitectureIsRefusedNamingBothMachines() {
        CliRun onArm = CliRun.of("host", "--arch", "aarch64", "--exec",
                "load " + x86.resolve("xen_hello_world.livepatch"));
        assertThat(onArm.exit()).isEqualTo(1);
        assertThat(onArm.out() + onArm.err()).contains("Error 95").contains("x86-64 (e_machine 62)")
                .contains("this host is aarch64");
        CliRun onX86 = CliRun.of("host", "--exec", "load " + arm.resolve("xen_hello_world.livepatch"));
        assertThat(onX86.out() + onX86.err()).contains("aarch64 (e_machine 183)").contains("this host is x86-64");
    }

    @Test
    void anUnknownArchitectureIsOneErrorLine() {
        CliRun r = CliRun.of("host", "--arch", "riscv64", "--exec", "list");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error:").contains("use x86-64 or aarch64").doesNotContain("\n");
    }
}
