package dev.quiesce.payload.envelope;

import dev.quiesce.elf.Tools;
import dev.quiesce.guest.GuestObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.EdECPublicKey;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadSignerTest {

    @Test
    void verify_isPureEd25519_theRfc8032TestVector2VerifiesAsAFormat1Envelope() {
        KeyPair rfc = Keys.fromSeed(Samples.RFC_SEED);
        SignedPayload v1 = Samples.signedFormat1(Samples.envelope(new byte[]{0x72}), rfc.getPrivate());
        assertThat(v1.signature()).hasValueSatisfying(s -> assertThat(s).isEqualTo(Samples.RFC_SIGNATURE));
        // X.509 SubjectPublicKeyInfo of Ed25519 (RFC 8410): 12-byte prefix, then the raw key.
        assertThat(v1.publicKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(
                concat(Samples.hex("302a300506032b6570032100"), Samples.RFC_PUBLIC)));
        assertThat(PayloadSigner.verify(v1, rfc.getPublic())).isTrue();
        SignedPayload v2 = PayloadSigner.sign(v1, rfc.getPrivate());
        assertThat(v2.formatVersion()).isEqualTo(SignedPayload.FORMAT_VERSION);
        assertThat(v2.signature().orElseThrow()).isNotEqualTo(Samples.RFC_SIGNATURE);
        assertThat(PayloadSigner.verify(v2, rfc.getPublic())).isTrue();
    }

    @Test
    void verify_failsForAFlippedElfByteAnotherKeyOrNoSignature() {
        KeyPair a = Keys.fromSeed(Samples.seed(1));
        KeyPair b = Keys.fromSeed(Samples.seed(2));
        byte[] elf = "\177ELF payload bytes".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        SignedPayload signed = PayloadSigner.sign(Samples.envelope(elf), a.getPrivate());
        byte[] flipped = elf.clone();
        flipped[7] ^= 0x01;
        SignedPayload tampered = new SignedPayload(signed.name(), flipped, signed.buildId(), signed.depends(),
                signed.xenDepends(), signed.metadata(), signed.signature(), signed.publicKey());

        assertThat(PayloadSigner.verify(signed, a.getPublic())).isTrue();
        assertThat(PayloadSigner.verifyEmbedded(signed)).isTrue();
        assertThat(PayloadSigner.verify(tampered, a.getPublic())).isFalse();
        assertThat(PayloadSigner.verifyEmbedded(tampered)).isFalse();
        assertThat(PayloadSigner.verify(signed, b.getPublic())).isFalse();
        assertThat(PayloadSigner.verify(signed.withoutSignature(), a.getPublic())).isFalse();
    }

    @Test
    void sign_isDeterministic_andEveryAssertedFieldIsSigned() {
        KeyPair a = Keys.fromSeed(Samples.seed(3));
        SignedPayload one = PayloadSigner.sign(Samples.envelope(new byte[]{1, 2, 3}), a.getPrivate());
        SignedPayload two = PayloadSigner.sign(Samples.envelope(new byte[]{1, 2, 3}), a.getPrivate());
        assertThat(EnvelopeCodec.encode(two)).isEqualTo(EnvelopeCodec.encode(one));
        java.util.Map<String, String> approved = new java.util.TreeMap<>(one.metadata());
        approved.put("approved", "yes");
        dev.quiesce.elf.BuildId other = dev.quiesce.elf.BuildId.sha1(new byte[]{9});
        java.util.List<SignedPayload> edited = java.util.List.of(
                one.withMetadata(approved),
                new SignedPayload("xen_bye_world", one.elf(), one.buildId(), one.depends(), one.xenDepends(),
                        one.metadata(), one.signature(), one.publicKey()),
                new SignedPayload(one.name(), one.elf(), other, one.depends(), one.xenDepends(),
                        one.metadata(), one.signature(), one.publicKey()),
                new SignedPayload(one.name(), one.elf(), one.buildId(), other, one.xenDepends(),
                        one.metadata(), one.signature(), one.publicKey()),
                new SignedPayload(one.name(), one.elf(), one.buildId(), one.depends(), java.util.Optional.empty(),
                        one.metadata(), one.signature(), one.publicKey()));
        for (SignedPayload e : edited) {
            assertThat(PayloadSigner.verify(e, a.getPublic())).as(e.toString()).isFalse();
        }
        // format 1 signed only the ELF: the same metadata edit leaves such a signature valid
        SignedPayload v1 = Samples.signedFormat1(Samples.envelope(new byte[]{1, 2, 3}), a.getPrivate());
        assertThat(PayloadSigner.verify(v1.withMetadata(approved), a.getPublic())).isTrue();
    }

    @Test
    void publicOf_derivesTheGeneratedPairsPublicKey() {
        KeyPair fresh = Keys.generate();
        assertThat(Keys.publicOf(fresh.getPrivate()).getEncoded()).isEqualTo(fresh.getPublic().getEncoded());
        assertThat(((EdECPublicKey) fresh.getPublic()).getParams().getName()).isEqualTo("Ed25519");
    }

    @Test
    void signature_isTheOneOpensslComputesOverTheSignedContentAndOpensslVerifiesIt(@TempDir Path dir) throws Exception {
        KeyPair k = Keys.fromSeed(Samples.seed(9));
        Keys.writePrivate(dir.resolve("k.key"), k.getPrivate());
        Keys.writePublic(dir.resolve("k.pub"), k.getPublic());
        byte[] elf = GuestObjects.object("main.o").bytes();
        SignedPayload signed = PayloadSigner.sign(Samples.envelope(elf), k.getPrivate());
        Files.write(dir.resolve("payload.bin"), SignedContent.of(signed));
        Files.write(dir.resolve("ours.sig"), signed.signature().orElseThrow());

        Tools.run(dir, "openssl", "pkeyutl", "-sign", "-rawin", "-inkey", "k.key", "-in", "payload.bin", "-out", "openssl.sig");
        assertThat(Files.readAllBytes(dir.resolve("openssl.sig"))).isEqualTo(signed.signature().orElseThrow());
        String verified = Tools.run(dir, "openssl", "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "k.pub",
                "-in", "payload.bin", "-sigfile", "ours.sig");
        assertThat(verified).contains("Signature Verified Successfully");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
