package dev.quiesce.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.cli.CliRun;
import dev.quiesce.payload.envelope.EnvelopeCodec;
import dev.quiesce.payload.envelope.Keys;
import dev.quiesce.payload.envelope.SignedPayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiesce host} enforces signatures at upload (docs/trust.md): every envelope edited after signing is refused
 * with -EPERM and nothing is uploaded, with or without {@code --trust}; under {@code --trust} an unsigned payload is
 * -EACCES, an unknown signer and a format-1 envelope -EPERM. Real keys, real Ed25519, real files; the exit status is
 * xen-livepatch's (1 for EPERM and EACCES).
 */
class TrustPolicyHostTest {

    @TempDir
    static Path dir;

    private static final String EMPTY_LIST = """
             ID                                     | status
            ----------------------------------------+------------
            """;

    @BeforeAll
    static void samplesKeysAndASignedPayload() throws Exception {
        assertThat(CliRun.of("payload", "samples", "-o", dir.toString()).exit()).isZero();
        Files.createDirectories(dir.resolve("keys"));
        KeyPair alice = Keys.fromSeed(seed(1));
        KeyPair bob = Keys.fromSeed(seed(2));
        Keys.writePrivate(dir.resolve("alice.key"), alice.getPrivate());
        Keys.writePrivate(dir.resolve("bob.key"), bob.getPrivate());
        Keys.writePublic(dir.resolve("keys/alice.pub"), alice.getPublic());
        sign("alice", "hello.signed");
        sign("bob", "bob.signed");
        SignedPayload good = read("hello.signed");

        byte[] elf = good.elf();
        elf[elf.length / 2] ^= 0x01;
        write("elf.signed", new SignedPayload(good.name(), elf, good.buildId(), good.depends(), good.xenDepends(),
                good.metadata(), good.signature(), good.publicKey()));
        write("name.signed", new SignedPayload("xen_hello_worle", good.elf(), good.buildId(), good.depends(),
                good.xenDepends(), good.metadata(), good.signature(), good.publicKey()));
        Map<String, String> approved = new TreeMap<>(good.metadata());
        approved.put("approved", "yes");
        write("meta.signed", good.withMetadata(approved));
        byte[] sig = good.signature().orElseThrow();
        sig[10] ^= 0x04;
        write("sig.signed", good.withSignature(sig, good.publicKey().orElseThrow()));
        write("key.signed", good.withSignature(good.signature().orElseThrow(), new byte[44]));
        write("unsigned.signed", good.withoutSignature());
        write("v1.signed", format1(good, alice));
    }

    private static byte[] seed(int b) {
        byte[] s = new byte[Keys.SEED_LENGTH];
        Arrays.fill(s, (byte) b);
        return s;
    }

    private static void sign(String key, String out) {
        CliRun r = CliRun.of("payload", "sign", dir.resolve("xen_hello_world.livepatch").toString(), "--key",
                dir.resolve(key + ".key").toString(), "--meta", "approved=no", "-o", dir.resolve(out).toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private static SignedPayload read(String file) throws Exception {
        return EnvelopeCodec.decode(Files.readAllBytes(dir.resolve(file)));
    }

    private static void write(String file, SignedPayload p) throws Exception {
        Files.write(dir.resolve(file), EnvelopeCodec.encode(p));
    }

    /** {@code p} as the first envelope format signed it: Ed25519 over the ELF bytes alone. */
    private static SignedPayload format1(SignedPayload p, KeyPair key) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(p.elf());
        return new SignedPayload(p.name(), p.elf(), p.buildId(), p.depends(), p.xenDepends(), p.metadata(),
                Optional.of(s.sign()), Optional.of(key.getPublic().getEncoded()), SignedPayload.LEGACY_VERSION);
    }

    private static CliRun host(String commands, String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "host";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--payloads";
        args[options.length + 2] = dir.toString();
        args[options.length + 3] = "--exec";
        args[options.length + 4] = commands;
        return CliRun.of(args);
    }

    private static String keys() {
        return dir.resolve("keys").toString();
    }

    private static void assertRefused(CliRun r, String file, String errnoLine, String because) {
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith(errnoLine + "\n").contains(because);
        assertThat(r.out()).isEqualTo("Uploading " + file + " (" + size(file) + " bytes)\n" + EMPTY_LIST);
    }

    private static long size(String file) {
        try {
            return Files.size(dir.resolve(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyEnvelopeEditedAfterSigning_isEperm_withOrWithoutTrust_andNothingIsUploaded() {
        for (String f : new String[]{"elf.signed", "name.signed", "meta.signed", "sig.signed"}) {
            String because = "that does not verify: its name, build-ids, metadata or ELF bytes changed after signing";
            assertRefused(host("upload hello " + f + "; list", "--trust", keys()), f, "Error 1: Operation not permitted",
                    because);
            assertRefused(host("upload hello " + f + "; list"), f, "Error 1: Operation not permitted", because);
        }
    }

    @Test
    void aZeroedSignerKey_isEperm_withOrWithoutTrust() {
        assertRefused(host("upload hello key.signed; list"), "key.signed", "Error 1: Operation not permitted",
                "the signer's key in the envelope is not an Ed25519 public key");
        assertRefused(host("upload hello key.signed; list", "--trust", keys()), "key.signed",
                "Error 1: Operation not permitted", "is signed by an unknown key");
    }

    @Test
    void underTrust_unsignedPayloadsAreEacces_andAnUnknownSignerIsEpermNamingItsFingerprint() throws Exception {
        assertRefused(host("upload hello xen_hello_world.livepatch; list", "--trust", keys()), "xen_hello_world.livepatch",
                "Error 13: Permission denied", "is a bare ELF, unsigned, and this host requires signatures");
        assertRefused(host("upload hello unsigned.signed; list", "--trust", keys()), "unsigned.signed",
                "Error 13: Permission denied", "is unsigned and this host requires signatures");
        String bob = Keys.fingerprint(read("bob.signed").publicKey().orElseThrow());
        assertRefused(host("upload hello bob.signed; list", "--trust", keys()), "bob.signed",
                "Error 1: Operation not permitted", "is signed by an unknown key " + bob + ": add its .pub to " + keys());
    }

    @Test
    void underTrust_theTrustedSignersEnvelopeApplies() {
        CliRun r = host("load hello.signed; list; info", "--trust", keys());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Performing apply:. completed\n", "\nhello                                   | APPLIED\n",
                "xen_extra              : Hello World\n");
    }

    @Test
    void requireSignedFalse_takesUnsignedPayloads_butStillOnlyTrustedSigners() {
        CliRun bare = host("load xen_hello_world.livepatch", "--trust", keys(), "--require-signed=false");
        assertThat(bare.exit()).as(bare.err()).isZero();
        assertRefused(host("upload hello bob.signed; list", "--trust", keys(), "--require-signed=false"), "bob.signed",
                "Error 1: Operation not permitted", "is signed by an unknown key");
    }

    @Test
    void aFormat1Envelope_isEpermUnderTrust_unlessTrustV1_andAppliesWithoutAPolicy() {
        assertRefused(host("upload hello v1.signed; list", "--trust", keys()), "v1.signed",
                "Error 1: Operation not permitted", "is in envelope format 1, whose signature covers only the ELF");
        CliRun allowed = host("load v1.signed", "--trust", keys(), "--trust-v1");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        CliRun open = host("load v1.signed");
        assertThat(open.exit()).as(open.err()).isZero();
    }

    @Test
    void aFormat1Envelope_isReadAndReportedAsSuch_byInspectAndVerify() {
        CliRun inspect = CliRun.of("payload", "inspect", dir.resolve("v1.signed").toString());
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("signature covers only the ELF (envelope format 1): re-sign with quiesce "
                + "payload sign");
        CliRun verify = CliRun.of("payload", "verify", dir.resolve("v1.signed").toString(), "--pubkey", keys());
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.err()).contains("INVALID: -EPERM: payload 'xen_hello_world' is in envelope format 1");
        CliRun v1ok = CliRun.of("payload", "verify", dir.resolve("v1.signed").toString(), "--pubkey", keys(), "--trust-v1");
        assertThat(v1ok.exit()).as(v1ok.err()).isZero();
        assertThat(v1ok.out()).contains(": valid: payload xen_hello_world").contains("signature covers only the ELF "
                + "(envelope format 1): re-sign with quiesce payload sign");
    }

    @Test
    void verify_saysInvalidOnceTheMetadataChanged_andInspectSaysSo() {
        CliRun good = CliRun.of("payload", "verify", dir.resolve("hello.signed").toString(), "--pubkey", keys());
        assertThat(good.exit()).as(good.err()).isZero();
        CliRun meta = CliRun.of("payload", "verify", dir.resolve("meta.signed").toString(), "--pubkey", keys());
        assertThat(meta.exit()).isEqualTo(1);
        assertThat(meta.err()).contains("INVALID: -EPERM");
        assertThat(CliRun.of("payload", "inspect", dir.resolve("meta.signed").toString()).out())
                .contains("signature:   Ed25519 by ").contains("INVALID");
    }

    @Test
    void trustOptionsWithoutTrust_orAnEmptyKeyDir_areOneErrorLineAndExit2() throws Exception {
        CliRun r = CliRun.of("host", "--require-signed", "--exec", "list");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --require-signed needs --trust KEYDIR|PUBKEY").hasLineCount(1);
        Files.createDirectories(dir.resolve("empty"));
        CliRun empty = CliRun.of("host", "--trust", dir.resolve("empty").toString(), "--exec", "list");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).startsWith("error: no trusted keys in ").hasLineCount(1);
    }
}
