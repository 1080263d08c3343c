package dev.quiesce.cli.payload;

import dev.quiesce.cli.CliRun;
import dev.quiesce.coordinator.CoordinatedRegistry;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.isa.X86;
import dev.quiesce.random.SeedStream;
import dev.quiesce.splice.PatchSite;
import dev.quiesce.splice.registry.Action;
import dev.quiesce.splice.registry.ImmediateExecutor;
import dev.quiesce.splice.registry.LivepatchRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.quiesce.cli.payload.Cli.field;
import static dev.quiesce.cli.payload.Cli.quiesce;
import static org.assertj.core.api.Assertions.assertThat;

class InspectCommandTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void samples() {
        assertThat(quiesce("payload", "samples", "-o", dir).exit()).isZero();
    }

    @Test
    void inspect_printsTheBuildIdsObjcopyFindsInTheNotes() throws Exception {
        CliRun r = quiesce("payload", "inspect", dir.resolve("xen_bye_world.livepatch"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(field(r, "name")).isEqualTo("xen_bye_world");
        assertThat(field(r, "build-id")).isEqualTo(noteBuildId("xen_bye_world", ".note.gnu.build-id"));
        assertThat(field(r, "depends")).isEqualTo(noteBuildId("xen_bye_world", ".livepatch.depends"))
                .isEqualTo(noteBuildId("xen_hello_world", ".note.gnu.build-id"));
        assertThat(field(r, "xen_depends")).isEqualTo(noteBuildId("xen_bye_world", ".livepatch.xen_depends"))
                .isEqualTo(noteBuildId("xen_hello_world", ".livepatch.depends"));
    }

    @Test
    void inspect_printsEachFunctionWithTheOldSizeOfTheBaseSymbol() throws Exception {
        Files.write(dir.resolve("version.o"), GuestObjects.object("version.o").bytes());
        Matcher m = Pattern.compile("\\d+: [0-9a-f]+\\s+(\\d+) FUNC\\s+GLOBAL\\s+\\S+\\s+\\S+\\s+xen_extra_version$",
                Pattern.MULTILINE).matcher(Cli.run(dir, "readelf", "-s", "--wide", "version.o"));
        assertThat(m.find()).isTrue();
        String oldSize = m.group(1);

        CliRun hello = quiesce("payload", "inspect", dir.resolve("xen_hello_world.livepatch"));
        assertThat(field(hello, "functions")).isEqualTo("1");
        assertThat(hello.out()).contains("  xen_extra_version (old_addr = xen_extra_version, relocated at load): old_size "
                + oldSize + ", new_size ").contains(", JMP to xen_hello_world, expect none");
        assertThat(hello.out()).contains("  load: " + hooks("xen_hello_world", "load"))
                .contains("  unload: " + hooks("xen_hello_world", "unload"));
        assertThat(hooks("xen_hello_world", "unload").split(", ")).containsExactlyInAnyOrder("revert_hook", "hi_func", "check_fnc");
        assertThat(field(hello, "hooks")).isEqualTo("2 kinds");
        assertThat(field(hello, "modinfo")).isEqualTo("LIVEPATCH_RULEZ");
        assertThat(field(hello, "signature")).startsWith("none (bare payload");

        CliRun nop = quiesce("payload", "inspect", dir.resolve("xen_nop.livepatch"));
        assertThat(nop.out()).containsPattern("xen_minor_version .*: old_size (\\d+), new_size \\d+, NOP \\d+ bytes");
        assertThat(field(nop, "hooks")).isEqualTo("none");

        CliRun expect = quiesce("payload", "inspect", dir.resolve("xen_expectations_fail.livepatch"));
        assertThat(expect.out()).contains("expect 6 bytes de ad c0 de ba be");
    }

    @Test
    void inspect_ofASignedEnvelope_showsMetadataAndSigner() {
        assertThat(quiesce("payload", "keygen", "-o", dir.resolve("k")).exit()).isZero();
        Path signed = dir.resolve("hello.signed");
        assertThat(quiesce("payload", "sign", dir.resolve("xen_hello_world.livepatch"), "--key", dir.resolve("k.key"),
                "--name", "hello", "--meta", "ticket=XSA-1", "--meta", "author=ops", "-o", signed).exit()).isZero();
        CliRun r = quiesce("payload", "inspect", signed);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(field(r, "file")).contains("signed envelope");
        assertThat(field(r, "name")).isEqualTo("hello");
        assertThat(r.out()).contains("metadata:    2 entries\n  author=ops\n  ticket=XSA-1\n");
        assertThat(field(r, "signature")).matches("Ed25519 by ed25519:[0-9a-f]{32} over name, build-ids, metadata and ELF "
                + "\\(envelope format 2\\), intact .*");
        assertThat(field(r, "build-id")).isEqualTo(field(quiesce("payload", "inspect", dir.resolve("xen_hello_world.livepatch")), "build-id"));
    }

    @Test
    void checkAgainst_followsXensBuildIdStackRules() {
        CliRun hello = check("xen_hello_world", "base");
        assertThat(hello.exit()).as(hello.out() + hello.err()).isZero();
        assertThat(field(hello, "verdict")).isEqualTo("yes: 'xen_hello_world' can be applied on top of the base image");

        CliRun byeAlone = check("xen_bye_world", "base");
        assertThat(byeAlone.exit()).isEqualTo(1);
        assertThat(field(byeAlone, "verdict")).startsWith("NO: -EINVAL: xen_bye_world: check against hypervisor build-id failed");

        CliRun byeOnHello = check("xen_bye_world", "base," + dir.resolve("xen_hello_world.livepatch"));
        assertThat(byeOnHello.exit()).as(byeOnHello.out()).isZero();
        assertThat(field(byeOnHello, "verdict")).isEqualTo("yes: 'xen_bye_world' can be applied on top of 'xen_hello_world'");

        CliRun twice = check("xen_hello_world", "base," + dir.resolve("xen_hello_world.livepatch"));
        assertThat(field(twice, "verdict")).startsWith("NO: -EEXIST: a payload named 'xen_hello_world' is already uploaded");

        CliRun noXen = check("xen_no_xen_buildid", "base");
        assertThat(field(noXen, "verdict")).startsWith("NO: -EINVAL: payload 'xen_no_xen_buildid' has no .livepatch.xen_depends");
    }

    @Test
    void checkAgainst_comparesExpectationsWithTheBytesTheStackLeft() {
        assertThat(check("xen_expectations", "base").exit()).isZero();
        CliRun fail = check("xen_expectations_fail", "base");
        assertThat(fail.exit()).isEqualTo(1);
        assertThat(field(fail, "verdict")).startsWith("NO: -EINVAL: expectation failed for 'xen_expectations_fail': "
                + "xen_extra_version: expectation failed: expected:deadc0debabe");
    }

    @Test
    void checkAgainst_writesXensNopFill_theBytesTheRegistryWritesOnABootedHost() throws Exception {
        CliRun nop = check("xen_nop", "base");
        assertThat(nop.exit()).as(nop.out()).isZero();
        Matcher size = Pattern.compile("xen_minor_version .*, NOP (\\d+) bytes").matcher(nop.out());
        assertThat(size.find()).as(nop.out()).isTrue();
        int n = Integer.parseInt(size.group(1));
        assertThat(n).as("a NOP that one-byte NOPs would not match").isGreaterThan(1);
        Wrote w = wrote(nop, "xen_minor_version");
        assertThat(w.bytes()).isEqualTo(X86.nops(n));

        try (HostMachine host = HostMachine.boot(HostSettings.defaults(), SeedStream.root(7))) {
            applied(host, "xen_nop");
            assertThat(w.address()).isEqualTo(host.address("xen_minor_version"));
            assertThat(host.memory().read(w.address(), n)).isEqualTo(w.bytes());
        }
    }

    @Test
    void checkAgainst_writesTheJmpTheRegistryWritesOnABootedHost() throws Exception {
        CliRun hello = check("xen_hello_world", "base");
        assertThat(hello.exit()).as(hello.out()).isZero();
        Wrote w = wrote(hello, "xen_extra_version");
        try (HostMachine host = HostMachine.boot(HostSettings.defaults(), SeedStream.root(7))) {
            PatchSite site = applied(host, "xen_hello_world").sites("xen_hello_world").getFirst();
            assertThat(w.address()).isEqualTo(site.oldAddr()).isEqualTo(host.address("xen_extra_version"));
            assertThat(w.bytes()).isEqualTo(X86.jmpRel32(site.oldAddr(), site.newAddr()))
                    .isEqualTo(host.memory().read(site.oldAddr(), X86.JMP_REL32_SIZE));
        }
    }

    /** The registry of {@code host} after uploading and applying sample {@code payload} on it. */
    private static LivepatchRegistry applied(HostMachine host, String payload) throws Exception {
        LivepatchRegistry registry = CoordinatedRegistry.create(host, ImmediateExecutor.INSTANCE);
        assertThat(registry.upload(payload, Files.readAllBytes(dir.resolve(payload + ".livepatch"))).ok()).isTrue();
        assertThat(registry.action(payload, Action.APPLY, 0, 0).ok()).isTrue();
        assertThat(registry.get(payload).rc()).isZero();
        return registry;
    }

    /** One store the registry made, from an {@code inspect --check-against} report. */
    private record Wrote(long address, byte[] bytes) {
    }

    private static Wrote wrote(CliRun r, String function) {
        Matcher m = Pattern.compile("^  wrote 0x([0-9a-f]+) \\(" + function + "\\): ([0-9a-f ]+)$", Pattern.MULTILINE)
                .matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return new Wrote(Long.parseLong(m.group(1), 16), HexFormat.ofDelimiter(" ").parseHex(m.group(2)));
    }

    private static CliRun check(String payload, String against) {
        return quiesce("payload", "inspect", dir.resolve(payload + ".livepatch"), "--check-against", against);
    }

    /** The descriptor of the NT_GNU_BUILD_ID note in {@code section}, as objcopy extracts it (after the 16-byte header). */
    private static String noteBuildId(String payload, String section) throws Exception {
        Path out = dir.resolve(payload + section + ".bin");
        Cli.run(dir, "objcopy", "-O", "binary", "--only-section=" + section, payload + ".livepatch", out.toString());
        byte[] note = Files.readAllBytes(out);
        assertThat(note).hasSize(16 + 20);
        return java.util.HexFormat.of().formatHex(note, 16, note.length);
    }

    /** The hook functions of {@code .livepatch.hooks.KIND} in order, from readelf's relocations (section symbols). */
    private static String hooks(String payload, String kind) throws Exception {
        String relocs = Cli.run(dir, "readelf", "-r", "--wide", payload + ".livepatch");
        String block = relocs.substring(relocs.indexOf("'.rela.livepatch.hooks." + kind + "'"));
        block = block.substring(0, block.contains("\n\n") ? block.indexOf("\n\n") : block.length());
        Matcher m = Pattern.compile("R_X86_64_64\\s+[0-9a-f]+ \\.text\\.(\\w+) \\+ 0").matcher(block);
        java.util.List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).isNotEmpty();
        return String.join(", ", names);
    }
}
