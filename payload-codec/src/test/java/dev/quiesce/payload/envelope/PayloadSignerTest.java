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
    void sign_matchesRfc8032TestVector2() {
        KeyPair rfc = Keys.fromSeed(Samples.RFC_SEED);
        SignedPayload signed = PayloadSigner.sign(Samples.envelope(new byte[]{0x72}), rfc.getPrivate());
        assertThat(signed.signature()).hasValueSatisfying(s -> assertThat(s).isEqualTo(Samples.RFC_SIGNATURE));
        // X.509 SubjectPublicKeyInfo of Ed25519 (RFC 8410): 12-byte prefix, then the raw key.
        assertThat(signed.publicKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(
                concat(Samples.hex("302a300506032b6570032100"), Samples.RFC_PUBLIC)));
        assertThat(PayloadSigner.verify(signed, rfc.getPublic())).isTrue();
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
    void sign_isDeterministicAndMetadataIsNotSigned() {
        KeyPair a = Keys.fromSeed(Samples.seed(3));
        SignedPayload one = PayloadSigner.sign(Samples.envelope(new byte[]{1, 2, 3}), a.getPrivate());
        SignedPayload two = PayloadSigner.sign(Samples.envelope(new byte[]{1, 2, 3}), a.getPrivate());
        assertThat(EnvelopeCodec.encode(two)).isEqualTo(EnvelopeCodec.encode(one));
        assertThat(PayloadSigner.verify(one.withMetadata(java.util.Map.of("note", "edited")), a.getPublic())).isTrue();
    }

    @Test
    void publicOf_derivesTheGeneratedPairsPublicKey() {
        KeyPair fresh = Keys.generate();
        assertThat(Keys.publicOf(fresh.getPrivate()).getEncoded()).isEqualTo(fresh.getPublic().getEncoded());
        assertThat(((EdECPublicKey) fresh.getPublic()).getParams().getName()).isEqualTo("Ed25519");
    }

    @Test
    void signature_isTheOneOpensslComputesAndOpensslVerifiesIt(@TempDir Path dir) throws Exception {
        KeyPair k = Keys.fromSeed(Samples.seed(9));
        Keys.writePrivate(dir.resolve("k.key"), k.getPrivate());
        Keys.writePublic(dir.resolve("k.pub"), k.getPublic());
        byte[] elf = GuestObjects.object("main.o").bytes();
        Files.write(dir.resolve("payload.bin"), elf);
        SignedPayload signed = PayloadSigner.sign(Samples.envelope(elf), k.getPrivate());
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
