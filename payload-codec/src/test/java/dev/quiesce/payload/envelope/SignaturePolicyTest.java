package dev.quiesce.payload.envelope;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.PayloadException;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class SignaturePolicyTest {

    private final KeyPair host = Keys.fromSeed(Samples.seed(1));
    private final KeyPair other = Keys.fromSeed(Samples.seed(2));
    private final SignedPayload unsigned = Samples.envelope(new byte[]{1, 2, 3, 4});
    private final SignedPayload signed = PayloadSigner.sign(unsigned, host.getPrivate());

    @Test
    void requireValid_refusesUnsignedWithEaccesAndSaysHowToSign() {
        assertThatThrownBy(() -> SignaturePolicy.REQUIRE_VALID.check(unsigned, host.getPublic()))
                .isInstanceOfSatisfying(PayloadException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EACCES);
                    assertThat(e.getMessage()).startsWith("payload 'xen_hello_world' is unsigned and this host requires "
                            + "signatures; sign it with quiesce payload sign --key");
                });
    }

    @Test
    void requireValid_refusesTamperedOrForeignSignaturesWithEperm() {
        byte[] elf = signed.elf();
        elf[0] ^= 0x10;
        SignedPayload tampered = new SignedPayload(signed.name(), elf, signed.buildId(), signed.depends(),
                signed.xenDepends(), signed.metadata(), signed.signature(), signed.publicKey());
        SignedPayload foreign = PayloadSigner.sign(unsigned, other.getPrivate());

        assertEperm(() -> SignaturePolicy.REQUIRE_VALID.check(tampered, host.getPublic()), "ELF bytes changed after signing");
        assertEperm(() -> SignaturePolicy.REQUIRE_VALID.check(foreign, host.getPublic()),
                "is signed by key " + Keys.fingerprint(other.getPublic()) + " but this host trusts " + Keys.fingerprint(host.getPublic()));
        assertEperm(() -> SignaturePolicy.ACCEPT_UNSIGNED.check(tampered, null), "ELF bytes changed after signing");
    }

    @Test
    void validSignaturesPass_andAcceptUnsignedTakesUnsigned() {
        SignaturePolicy.REQUIRE_VALID.check(signed, host.getPublic());
        SignaturePolicy.ACCEPT_UNSIGNED.check(signed, host.getPublic());
        SignaturePolicy.ACCEPT_UNSIGNED.check(signed, null);
        SignaturePolicy.ACCEPT_UNSIGNED.check(unsigned, host.getPublic());
        SignaturePolicy.ACCEPT_UNSIGNED.check(unsigned, null);
    }

    private static void assertEperm(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PayloadException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EPERM);
            assertThat(e.getMessage()).contains(message).contains("quiesce payload sign --key");
        });
    }
}
