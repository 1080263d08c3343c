package dev.quiesce.splice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.PayloadReader;
import dev.quiesce.payload.envelope.Keys;
import dev.quiesce.payload.envelope.PayloadSigner;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.payload.envelope.SignedPayload;
import dev.quiesce.splice.SpliceEngine;
import dev.quiesce.splice.X86_64Isa;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A host that requires signatures uploads a payload signed by its trusted key and refuses the others. */
class SignedUploadTest {

    private static final String NOP = "xen_nop";

    private final TestHost host = new TestHost();
    private final LivepatchRegistry registry = new LivepatchRegistry(host, new SpliceEngine(host.memory(),
            X86_64Isa.INSTANCE), ImmediateExecutor.INSTANCE, SignaturePolicy.REQUIRE_VALID);
    private final KeyPair trusted = Keys.fromSeed(seed(7));

    @AfterEach
    void close() {
        host.close();
    }

    private static byte[] seed(int b) {
        byte[] s = new byte[Keys.SEED_LENGTH];
        Arrays.fill(s, (byte) b);
        return s;
    }

    private static SignedPayload envelope() {
        return SignedPayload.of(NOP, PayloadReader.read(NOP, TestHost.sample(NOP)), Map.of());
    }

    @Test
    void anEnvelopeSignedByTheTrustedKey_uploadsAndApplies() {
        SignedPayload signed = PayloadSigner.sign(envelope(), trusted.getPrivate());

        assertThat(registry.upload(NOP, signed, trusted.getPublic()).rc()).isZero();
        assertThat(registry.action(NOP, Action.APPLY, 0, 0).rc()).isZero();
        assertThat(host.minor()).isNotEqualTo(17);
    }

    @Test
    void anUnsignedEnvelope_isEacces_andAnotherKeysSignature_isEperm() {
        assertThat(registry.upload(NOP, envelope(), trusted.getPublic()).errno()).contains(Errno.EACCES);
        SignedPayload foreign = PayloadSigner.sign(envelope(), Keys.fromSeed(seed(9)).getPrivate());
        assertThat(registry.upload(NOP, foreign, trusted.getPublic()).errno()).contains(Errno.EPERM);
        assertThat(registry.list()).isEmpty();
    }
}
