package dev.quiesce.splice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.PayloadReader;
import dev.quiesce.payload.envelope.Keys;
import dev.quiesce.payload.envelope.PayloadSigner;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.payload.envelope.SignedPayload;
import dev.quiesce.payload.envelope.TrustedKeys;
import dev.quiesce.splice.SpliceEngine;
import dev.quiesce.splice.X86_64Isa;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signatures are enforced at upload: a host with a trust policy uploads a payload signed by a trusted key and
 * refuses the others; a host without one still refuses a signature that does not verify. A refused upload loads
 * nothing.
 */
class SignedUploadTest {

    private static final String NOP = "xen_nop";

    private final KeyPair trusted = Keys.fromSeed(seed(7));
    private final TestHost host = new TestHost();
    private final LivepatchRegistry strict = registry(host, SignaturePolicy.trusting(
            new TrustedKeys("keys/", true, List.of(trusted.getPublic())), true, false));
    private final TestHost open = new TestHost();
    private final LivepatchRegistry lax = registry(open, SignaturePolicy.NONE);

    @AfterEach
    void close() {
        host.close();
        open.close();
    }

    private static LivepatchRegistry registry(TestHost h, SignaturePolicy policy) {
        return new LivepatchRegistry(h, new SpliceEngine(h.memory(), X86_64Isa.INSTANCE), ImmediateExecutor.INSTANCE,
                policy);
    }

    private static byte[] seed(int b) {
        byte[] s = new byte[Keys.SEED_LENGTH];
        Arrays.fill(s, (byte) b);
        return s;
    }

    private static SignedPayload envelope() {
        return SignedPayload.of(NOP, PayloadReader.read(NOP, TestHost.sample(NOP)), Map.of("approved", "no"));
    }

    @Test
    void anEnvelopeSignedByTheTrustedKey_uploadsAndApplies() {
        SignedPayload signed = PayloadSigner.sign(envelope(), trusted.getPrivate());

        assertThat(strict.upload(NOP, signed).rc()).isZero();
        assertThat(strict.action(NOP, Action.APPLY, 0, 0).rc()).isZero();
        assertThat(host.minor()).isNotEqualTo(17);
    }

    @Test
    void anUnsignedEnvelopeOrBareElf_isEacces_andAnotherKeysSignature_isEperm() {
        assertThat(strict.upload(NOP, envelope()).errno()).contains(Errno.EACCES);
        assertThat(strict.upload(NOP, TestHost.sample(NOP)).errno()).contains(Errno.EACCES);
        SignedPayload foreign = PayloadSigner.sign(envelope(), Keys.fromSeed(seed(9)).getPrivate());
        XenResult r = strict.upload(NOP, foreign);
        assertThat(r.errno()).contains(Errno.EPERM);
        assertThat(r.message()).contains("signed by an unknown key " + Keys.fingerprint(foreign.publicKey().orElseThrow())
                + ": add its .pub to keys/");
        assertThat(strict.list()).isEmpty();
    }

    @Test
    void everyTamperedEnvelope_isEperm_withOrWithoutAPolicy_andNothingIsLoaded() {
        SignedPayload signed = PayloadSigner.sign(envelope(), trusted.getPrivate());
        for (SignedPayload t : tampered(signed)) {
            assertThat(strict.upload(NOP, t).errno()).as(t.toString()).contains(Errno.EPERM);
            assertThat(lax.upload(NOP, t).errno()).as(t.toString()).contains(Errno.EPERM);
        }
        assertThat(strict.list()).isEmpty();
        assertThat(lax.list()).isEmpty();
        assertThat(strict.version()).isEqualTo(1);
    }

    /** The signed envelope with its ELF, metadata, name, signature or signer key changed after signing. */
    static List<SignedPayload> tampered(SignedPayload signed) {
        byte[] elf = signed.elf();
        elf[elf.length / 2] ^= 0x01;
        Map<String, String> approved = new TreeMap<>(signed.metadata());
        approved.put("approved", "yes");
        byte[] sig = signed.signature().orElseThrow();
        sig[0] ^= 0x40;
        byte[] zeroKey = new byte[signed.publicKey().orElseThrow().length];
        return List.of(
                new SignedPayload(signed.name(), elf, signed.buildId(), signed.depends(), signed.xenDepends(),
                        signed.metadata(), signed.signature(), signed.publicKey()),
                signed.withMetadata(approved),
                new SignedPayload("xen_nop2", signed.elf(), signed.buildId(), signed.depends(), signed.xenDepends(),
                        signed.metadata(), signed.signature(), signed.publicKey()),
                signed.withSignature(sig, signed.publicKey().orElseThrow()),
                signed.withSignature(signed.signature().orElseThrow(), zeroKey));
    }

    @Test
    void aFormat1Envelope_isEpermUnderRequiredSignatures_butAcceptedWithoutAPolicy() throws Exception {
        SignedPayload e = envelope();
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initSign(trusted.getPrivate());
        s.update(e.elf());
        SignedPayload v1 = new SignedPayload(e.name(), e.elf(), e.buildId(), e.depends(), e.xenDepends(), e.metadata(),
                Optional.of(s.sign()), Optional.of(trusted.getPublic().getEncoded()), SignedPayload.LEGACY_VERSION);
        XenResult r = strict.upload(NOP, v1);
        assertThat(r.errno()).contains(Errno.EPERM);
        assertThat(r.message()).contains("envelope format 1");
        assertThat(lax.upload(NOP, v1).rc()).isZero();
    }
}
