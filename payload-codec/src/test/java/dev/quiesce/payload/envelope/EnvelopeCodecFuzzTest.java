package dev.quiesce.payload.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.quiesce.payload.PayloadException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The coverage-guided fuzz target of the envelope codec and its signature check (Jazzer, docs/reliability.md
 * "Fuzzing"). Any bytes read as a {@code .signed} envelope end in a {@link SignedPayload} or a
 * {@link PayloadException}; a decoded envelope encodes back to itself, is accepted or refused by the upload policies
 * (no policy; and, when that accepts a signed one, a policy trusting only the corpus' signer, formats 1 and 2)
 * only with a {@link PayloadException}, and its ELF opens to a
 * payload or a {@link PayloadException}. And no mutation forges a signature: an envelope that verifies under the
 * corpus' signer signs exactly what one of the corpus envelopes signs. Anything else thrown, a hang or a heap
 * blow-up is a finding. The corpus ({@code EnvelopeCodecFuzzTestInputs/}) wraps Xen's regression payloads unsigned,
 * signed in format 2 and signed in format 1, by the key made from seed 0x07 × 32.
 */
class EnvelopeCodecFuzzTest {

    private static final PublicKey SIGNER = Keys.fromSeed(filled(7)).getPublic();
    private static final SignaturePolicy TRUSTING_SIGNER = SignaturePolicy.trusting(
            new TrustedKeys("the corpus' signer", false, List.of(SIGNER)), true, true);
    private static final Set<String> SIGNED_BY_CORPUS = signedByCorpus();

    @FuzzTest
    void decodeEndsInAnEnvelopeOrAPayloadException(byte[] input) {
        SignedPayload p;
        try {
            p = EnvelopeCodec.decode(input);
        } catch (PayloadException e) {
            return;
        }
        assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(p))).isEqualTo(p);
        boolean intact;
        try {
            SignaturePolicy.NONE.check(p);
            intact = true;
        } catch (PayloadException refused) { // EPERM: docs/trust.md
            intact = false;
        }
        // Refused without a policy, it is refused by the corpus' signer too (the same key, or another): verified once.
        if (intact && p.isSigned()) {
            try {
                TRUSTING_SIGNER.check(p);
                assertThat(SIGNED_BY_CORPUS).as("a mutated envelope verifies: forged").contains(signed(p));
            } catch (PayloadException unknownSigner) {
                // EPERM: signed by a key the policy does not trust
            }
        }
        try {
            p.open();
        } catch (PayloadException e) {
            return;
        }
    }

    private static String signed(SignedPayload p) {
        return p.formatVersion() + ":" + HexFormat.of().formatHex(SignedContent.of(p));
    }

    private static Set<String> signedByCorpus() {
        Set<String> signed = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of(EnvelopeCodecFuzzTest.class
                .getResource("EnvelopeCodecFuzzTestInputs/decodeEndsInAnEnvelopeOrAPayloadException").toURI()))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) { // the real envelopes, not corpus/
                try {
                    SignedPayload p = EnvelopeCodec.decode(Files.readAllBytes(f));
                    if (PayloadSigner.verify(p, SIGNER)) {
                        signed.add(signed(p));
                    }
                } catch (PayloadException notAnEnvelope) {
                    // a finding kept in the corpus
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertThat(signed).as("signed envelopes in the corpus").hasSizeGreaterThanOrEqualTo(8);
        return signed;
    }

    private static byte[] filled(int b) {
        byte[] s = new byte[Keys.SEED_LENGTH];
        java.util.Arrays.fill(s, (byte) b);
        return s;
    }
}
