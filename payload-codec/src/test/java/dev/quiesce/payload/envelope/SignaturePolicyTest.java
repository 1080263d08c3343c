package dev.quiesce.payload.envelope;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.PayloadException;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignaturePolicyTest {

    private final KeyPair host = Keys.fromSeed(Samples.seed(1));
    private final KeyPair other = Keys.fromSeed(Samples.seed(2));
    private final SignedPayload unsigned = Samples.envelope(new byte[]{1, 2, 3, 4});
    private final SignedPayload signed = PayloadSigner.sign(unsigned, host.getPrivate());
    private final TrustedKeys keys = new TrustedKeys("/etc/quiesce/trusted", true, List.of(host.getPublic()));
    private final SignaturePolicy required = SignaturePolicy.trusting(keys, true, false);
    private final SignaturePolicy optional = SignaturePolicy.trusting(keys, false, false);

    @Test
    void requiredSignatures_refuseUnsignedEnvelopesAndBareElfsWithEacces() {
        assertRefused(() -> required.check(unsigned), Errno.EACCES,
                "payload 'xen_hello_world' is unsigned and this host requires signatures; sign it with quiesce payload sign --key");
        assertRefused(() -> required.checkBare("p"), Errno.EACCES, "payload 'p' is a bare ELF, unsigned");
        assertThatCode(() -> optional.check(unsigned)).doesNotThrowAnyException();
        assertThatCode(() -> optional.checkBare("p")).doesNotThrowAnyException();
        assertThatCode(() -> SignaturePolicy.NONE.checkBare("p")).doesNotThrowAnyException();
    }

    @Test
    void everyEditAfterSigning_isEperm_withAndWithoutAPolicy() {
        byte[] elf = signed.elf();
        elf[0] ^= 0x10;
        Map<String, String> approved = new TreeMap<>(signed.metadata());
        approved.put("approved", "yes");
        byte[] flipped = signed.signature().orElseThrow();
        flipped[5] ^= 0x01;
        List<SignedPayload> tampered = List.of(
                new SignedPayload(signed.name(), elf, signed.buildId(), signed.depends(), signed.xenDepends(),
                        signed.metadata(), signed.signature(), signed.publicKey()),
                signed.withMetadata(approved),
                new SignedPayload("xen_bye_world", signed.elf(), signed.buildId(), signed.depends(), signed.xenDepends(),
                        signed.metadata(), signed.signature(), signed.publicKey()),
                signed.withSignature(flipped, signed.publicKey().orElseThrow()));
        for (SignedPayload t : tampered) {
            for (SignaturePolicy p : List.of(required, optional, SignaturePolicy.NONE)) {
                assertRefused(() -> p.check(t), Errno.EPERM, "does not verify: its name, build-ids, metadata or ELF "
                        + "bytes changed after signing, or the signature is damaged");
            }
        }
    }

    @Test
    void aZeroedSignerKey_isEperm_withAndWithoutAPolicy() {
        SignedPayload zeroed = signed.withSignature(signed.signature().orElseThrow(), new byte[44]);
        assertRefused(() -> SignaturePolicy.NONE.check(zeroed), Errno.EPERM, "is not an Ed25519 public key");
        assertRefused(() -> required.check(zeroed), Errno.EPERM, "signed by an unknown key");
        byte[] rawZero = signed.publicKey().orElseThrow();
        java.util.Arrays.fill(rawZero, 12, rawZero.length, (byte) 0);
        SignedPayload zeroPoint = signed.withSignature(signed.signature().orElseThrow(), rawZero);
        assertThatThrownBy(() -> SignaturePolicy.NONE.check(zeroPoint)).isInstanceOfSatisfying(PayloadException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
    }

    @Test
    void anUnknownSigner_isEperm_namingItsFingerprintAndWhereToAddIt() {
        SignedPayload foreign = PayloadSigner.sign(unsigned, other.getPrivate());
        String message = "payload 'xen_hello_world' is signed by an unknown key " + Keys.fingerprint(other.getPublic())
                + ": add its .pub to /etc/quiesce/trusted";
        assertRefused(() -> required.check(foreign), Errno.EPERM, message);
        assertRefused(() -> optional.check(foreign), Errno.EPERM, message);
        assertThatCode(() -> SignaturePolicy.NONE.check(foreign)).doesNotThrowAnyException();
        SignaturePolicy two = SignaturePolicy.trusting(new TrustedKeys("d", true, List.of(host.getPublic(),
                other.getPublic())), true, false);
        assertThatCode(() -> two.check(foreign)).doesNotThrowAnyException();
        assertThatCode(() -> two.check(signed)).doesNotThrowAnyException();
    }

    @Test
    void aFormat1Envelope_isRefusedWhenSignaturesAreRequired_unlessFormat1IsAccepted() {
        SignedPayload v1 = Samples.signedFormat1(unsigned, host.getPrivate());
        assertRefused(() -> required.check(v1), Errno.EPERM, "is in envelope format 1, whose signature covers only the "
                + "ELF (not its name or metadata), and this host requires signatures: re-sign it with quiesce payload sign");
        assertThatCode(() -> SignaturePolicy.trusting(keys, true, true).check(v1)).doesNotThrowAnyException();
        assertThatCode(() -> optional.check(v1)).doesNotThrowAnyException();
        assertThatCode(() -> SignaturePolicy.NONE.check(v1)).doesNotThrowAnyException();
        byte[] elf = v1.elf();
        elf[1] ^= 1;
        SignedPayload tampered = new SignedPayload(v1.name(), elf, v1.buildId(), v1.depends(), v1.xenDepends(),
                v1.metadata(), v1.signature(), v1.publicKey(), SignedPayload.LEGACY_VERSION);
        assertRefused(() -> SignaturePolicy.trusting(keys, true, true).check(tampered), Errno.EPERM,
                "does not verify: its ELF bytes changed after signing");
    }

    @Test
    void validSignaturesByATrustedKey_pass() {
        assertThatCode(() -> required.check(signed)).doesNotThrowAnyException();
        assertThatCode(() -> optional.check(signed)).doesNotThrowAnyException();
        assertThatCode(() -> SignaturePolicy.NONE.check(signed)).doesNotThrowAnyException();
        assertThat(SignaturePolicy.requireSignedBy(host.getPublic()).requiresSignatures()).isTrue();
        assertThat(required.describe()).contains("trusting 1 key(s) from /etc/quiesce/trusted")
                .contains(Keys.fingerprint(host.getPublic())).contains("signatures required");
        assertThat(Optional.of(SignaturePolicy.NONE).flatMap(SignaturePolicy::trusted)).isEmpty();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Errno errno,
                                      String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PayloadException.class, e -> {
            assertThat(e.errno()).isEqualTo(errno);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
