package dev.quiesce.payload.envelope;

import dev.quiesce.guest.GuestObjects;
import dev.quiesce.payload.PayloadException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.security.KeyPair;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A format-2 envelope with any byte changed is never accepted: it no longer decodes, or every policy
 * refuses it. Real Ed25519 throughout; a failing try prints its seed.
 */
class EnvelopeTamperingProperties {

    private static final KeyPair SIGNER = Keys.fromSeed(Samples.seed(11));
    private static final byte[] ENVELOPE = EnvelopeCodec.encode(PayloadSigner.sign(
            Samples.envelope(GuestObjects.object("main.o").bytes()), SIGNER.getPrivate()));
    private static final List<SignaturePolicy> POLICIES = List.of(SignaturePolicy.NONE,
            SignaturePolicy.requireSignedBy(SIGNER.getPublic()),
            SignaturePolicy.trusting(new TrustedKeys("d", true, List.of(SIGNER.getPublic())), false, true));

    @Property(tries = 2000, seed = "1616")
    void flippingAnyBytes_isNeverAccepted(@ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 1 << 30) Integer> at,
                                          @ForAll @IntRange(min = 1, max = 255) int xor) {
        // not vacuous: most changed envelopes still decode, and the signature check is what refuses them
        Statistics.label("outcome").coverage(c -> c.check("decoded, refused").percentage(pc -> pc > 50));
        byte[] bytes = ENVELOPE.clone();
        for (int i : at) {
            bytes[i % bytes.length] ^= (byte) xor;
        }
        if (java.util.Arrays.equals(bytes, ENVELOPE)) {
            return; // the flips cancelled out (the same byte twice): nothing was changed
        }
        SignedPayload read;
        try {
            read = EnvelopeCodec.decode(bytes);
        } catch (PayloadException notAnEnvelope) {
            Statistics.label("outcome").collect("not an envelope");
            return;
        }
        Statistics.label("outcome").collect("decoded, refused");
        for (SignaturePolicy p : POLICIES) {
            assertThatThrownBy(() -> p.check(read)).as("policy %s on %s", p.describe(), read)
                    .isInstanceOf(PayloadException.class);
        }
        assertThat(PayloadSigner.verifyEmbedded(read)).as("verifies against the key it names: %s", read).isFalse();
    }

    @Property(tries = 300, seed = "1617")
    void theUntouchedEnvelope_isAccepted(@ForAll @IntRange(min = 0, max = 2) int policy) {
        POLICIES.get(policy).check(EnvelopeCodec.decode(ENVELOPE));
    }
}
