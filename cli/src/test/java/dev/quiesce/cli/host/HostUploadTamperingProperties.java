package dev.quiesce.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.emulator.samples.SamplePayloads;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.payload.PayloadReader;
import dev.quiesce.payload.envelope.EnvelopeCodec;
import dev.quiesce.payload.envelope.Keys;
import dev.quiesce.payload.envelope.PayloadSigner;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.payload.envelope.SignedPayload;
import dev.quiesce.random.SeedStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A signed format-2 envelope with random bytes changed, uploaded in the host shell (no trust policy, the laxest),
 * is never uploaded, let alone applied: the command fails and {@code list} stays empty. One booted host serves
 * every try (a refused upload changes nothing); real Ed25519.
 */
class HostUploadTamperingProperties {

    private static Path dir;
    private static HostMachine machine;
    private static RegistryHost host;
    private static byte[] envelope;

    @BeforeContainer
    static void boot() throws IOException {
        dir = Files.createTempDirectory("tamper");
        machine = HostMachine.boot(HostSettings.defaults(), SeedStream.root(1).child("host", 0));
        host = RegistryHost.on(machine, SignaturePolicy.NONE);
        byte[] elf = SamplePayloads.assemble(machine.image()).get("xen_hello_world");
        KeyPair k = Keys.fromSeed(new byte[32]);
        envelope = EnvelopeCodec.encode(PayloadSigner.sign(SignedPayload.of("xen_hello_world",
                PayloadReader.read("xen_hello_world", elf), Map.of("approved", "no")), k.getPrivate()));
    }

    @AfterContainer
    static void close() throws IOException {
        machine.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = 150, seed = "1618")
    void aChangedEnvelope_isNeverUploaded(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 1 << 30) Integer> at,
                                          @ForAll @IntRange(min = 1, max = 255) int xor) throws IOException {
        byte[] bytes = envelope.clone();
        for (int i : at) {
            bytes[i % bytes.length] ^= (byte) xor;
        }
        if (Arrays.equals(bytes, envelope)) {
            return; // the same byte flipped back: nothing changed
        }
        Files.write(dir.resolve("t.signed"), bytes);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HostShell shell = new HostShell(host, new PayloadFiles(dir), new PrintWriter(out, true), new PrintWriter(err, true));
        int status = shell.runLine("load t.signed", false);
        assertThat(status).as(err.toString()).isNotZero();
        assertThat(host.list()).as(out.toString()).isEmpty();
        assertThat(out.toString()).doesNotContain("Performing apply");
    }

    @Property(tries = 1, seed = "1619")
    void theUnchangedEnvelope_isUploadedAndApplied() throws IOException {
        Files.write(dir.resolve("good.signed"), envelope);
        StringWriter err = new StringWriter();
        HostShell shell = new HostShell(host, new PayloadFiles(dir), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(shell.runLine("load good.signed", false)).as(err.toString()).isZero();
        assertThat(host.list()).extracting(LivepatchHost.Entry::state).containsExactly(LivepatchHost.State.APPLIED);
        assertThat(shell.runLine("revert good", false)).isZero();
        assertThat(shell.runLine("unload good", false)).isZero();
    }
}
