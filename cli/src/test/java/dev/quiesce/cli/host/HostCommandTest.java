package dev.quiesce.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.cli.CliRun;
import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.link.ImageLinker;
import dev.quiesce.host.HostSettings;
import dev.quiesce.guest.GuestObjects;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiesce host} on a booted host with Xen's test payloads (written by {@code quiesce payload
 * samples}): the Xen wiki's xen-livepatch transcript, then revert/unload and the error cases, with
 * xen-livepatch's messages and exit codes ({@code tools/misc/xen-livepatch.c}) and what the guest's
 * {@code xen_extra_version()} really returns after each splice.
 */
class HostCommandTest {

    @TempDir
    static Path dir;

    private static String buildId;

    @BeforeAll
    static void samples() {
        assertThat(CliRun.of("payload", "samples", "-o", dir.toString()).exit()).isZero();
        buildId = ImageLinker.link(GuestObjects.baseImage().stream().map(o -> ElfFile.parse(o.name(), o.bytes())).toList(),
                HostSettings.defaults().imageBase()).buildId().hex();
    }

    private static CliRun host(String commands) {
        return CliRun.of("host", "--payloads", dir.toString(), "--exec", commands);
    }

    private static long size(String name) throws Exception {
        return Files.size(dir.resolve(name + ".livepatch"));
    }

    @Test
    void theWikiTranscript_loadsHelloAndBye_thenReplacesBothWithOnePayload() throws Exception {
        CliRun r = CliRun.of("host", "--payloads", dir.toString(), "--echo", "--exec",
                "load xen_hello_world.livepatch; info; load xen_bye_world.livepatch; info;"
                        + "upload replace_bye_and_hello xen_replace_world.livepatch; list;"
                        + "replace replace_bye_and_hello; info; list");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("""
                # load xen_hello_world.livepatch
                Uploading xen_hello_world.livepatch (%d bytes)
                Performing apply:. completed
                # info
                xen_minor              : 17
                xen_extra              : Hello World
                build_id               : %s
                # load xen_bye_world.livepatch
                Uploading xen_bye_world.livepatch (%d bytes)
                Performing apply:. completed
                # info
                xen_minor              : 17
                xen_extra              : Bye World!
                build_id               : %s
                # upload replace_bye_and_hello xen_replace_world.livepatch
                Uploading xen_replace_world.livepatch (%d bytes)
                # list
                 ID                                     | status
                ----------------------------------------+------------
                xen_hello_world                         | APPLIED
                xen_bye_world                           | APPLIED
                replace_bye_and_hello                   | CHECKED
                # replace replace_bye_and_hello
                Performing replace:. completed
                # info
                xen_minor              : 17
                xen_extra              : Hello Again World!
                build_id               : %s
                # list
                 ID                                     | status
                ----------------------------------------+------------
                xen_hello_world                         | CHECKED
                xen_bye_world                           | CHECKED
                replace_bye_and_hello                   | APPLIED
                """.formatted(size("xen_hello_world"), buildId, size("xen_bye_world"), buildId,
                size("xen_replace_world"), buildId));
    }

    @Test
    void revertAndUnload_restoreTheOriginalFunctionAndForgetThePayload() {
        CliRun r = host("load xen_hello_world.livepatch; revert xen_hello_world; info; unload xen_hello_world; list");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Performing revert:. completed\n", "xen_extra              : -quiesce\n",
                "Performing unload:. completed\n");
        assertThat(r.out()).endsWith("----------------------------------------+------------\n");
    }

    @Test
    void infoOnTheBootedHost_callsTheGuestsVersionFunctions() {
        CliRun r = host("info");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("xen_minor              : 17\nxen_extra              : -quiesce\nbuild_id               : "
                + buildId + "\n");
    }

    @Test
    void nopPayload_makesXenMinorVersionReturnWhatTheCallerHadInRax() {
        CliRun r = host("load xen_nop.livepatch; info");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Performing apply:. completed").doesNotContain("xen_minor              : 17\n");
    }

    @Test
    void uploadingANameTwice_isEexist_exit1() throws Exception {
        CliRun r = host("upload hello xen_hello_world.livepatch; upload hello xen_hello_world.livepatch");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo(("Uploading xen_hello_world.livepatch (%1$d bytes)\n"
                + "Uploading xen_hello_world.livepatch (%1$d bytes)\n").formatted(size("xen_hello_world")));
        assertThat(r.err()).startsWith("Error 17: File exists\n");
    }

    @Test
    void actionOnAnUnknownName_isEnoent_exit1() {
        CliRun r = host("apply nosuch");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Failed to get status of nosuch.\nError 2: No such file or directory\n");
    }

    @Test
    void unloadingAnAppliedPayload_isTheWrongState_exit1() {
        CliRun r = host("load xen_hello_world.livepatch; unload xen_hello_world");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("xen_hello_world is in the wrong state.\nCurrent state: APPLIED\nExpected state: CHECKED\n");
    }

    @Test
    void revertingBelowTheTopOfTheStack_isEbusy_exit2() {
        CliRun r = host("load xen_hello_world.livepatch; load xen_bye_world.livepatch; revert xen_hello_world");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).endsWith("Performing revert: failed\n");
        assertThat(r.err()).startsWith("Error 16: Device or resource busy\n");
    }

    @Test
    void applyingAPayloadThatDependsOnAnotherBuildId_isEinval_andLoadUnloadsIt() {
        CliRun r = host("load xen_bye_world.livepatch; list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("Performing apply: failed\n", "Performing unload:. completed\n");
        assertThat(r.out()).endsWith("----------------------------------------+------------\n");
        assertThat(r.err()).startsWith("Error 22: Invalid argument\n");
    }

    @Test
    void applyNodeps_skipsTheDependsCheck() {
        CliRun r = host("upload bye xen_bye_world.livepatch; apply bye --nodeps; info");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("xen_extra              : Bye World!\n");
    }

    @Test
    void applyingAnAppliedPayload_needsNoAction_exit0() {
        CliRun r = host("load xen_hello_world.livepatch; apply xen_hello_world");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).endsWith("No action needed.\n");
    }

    @Test
    void aMissingFile_couldNotBeOpened_exit1() {
        CliRun r = host("load nosuch.livepatch");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Could not open nosuch.livepatch.\nError 2: No such file or directory\n");
    }

    @Test
    void aSignedEnvelope_isUploadedAsTheElfItWraps() {
        Path key = dir.resolve("ops");
        assertThat(CliRun.of("payload", "keygen", "-o", key.toString()).exit()).isZero();
        assertThat(CliRun.of("payload", "sign", dir.resolve("xen_hello_world.livepatch").toString(), "--key",
                dir.resolve("ops.key").toString(), "-o", dir.resolve("hello.signed").toString()).exit()).isZero();
        CliRun r = host("load hello.signed; list; info");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Performing apply:. completed\n", "\nhello                                   | APPLIED\n",
                "xen_extra              : Hello World\n");
    }

    @Test
    void aFileThatIsNotAPayload_isRefusedByTheHostWithEinval() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a payload");
        CliRun r = host("upload notes notes.txt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Uploading notes.txt (13 bytes)\n");
        assertThat(r.err()).startsWith("Error 22: Invalid argument\n");
    }

    @Test
    void withoutExec_readsOneCommandPerLineFromStdin() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("# a comment\nload xen_hello_world.livepatch\n\ninfo\n"
                    .getBytes(StandardCharsets.UTF_8)));
            CliRun r = CliRun.of("host", "--payloads", dir.toString());
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Performing apply:. completed\n", "xen_extra              : Hello World\n");
        } finally {
            System.setIn(saved);
        }
    }
}
