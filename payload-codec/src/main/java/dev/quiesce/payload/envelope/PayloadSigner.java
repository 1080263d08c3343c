package dev.quiesce.payload.envelope;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/**
 * Signs and verifies payload envelopes with Ed25519 (RFC 8032, the JDK's built-in EdDSA) over
 * {@link SignedContent}: in the current format everything the envelope asserts (name, build-ids,
 * metadata, ELF), in format 1 the ELF bytes only. Ed25519 is deterministic: signing the same
 * envelope with the same key gives the same signature, so a signed envelope is as reproducible as
 * its payload.
 */
public final class PayloadSigner {

    private PayloadSigner() {
    }

    /**
     * {@code payload} signed with {@code key} in the current format: the signature over its
     * {@link SignedContent} and the key's public half are set, replacing any earlier signature (a
     * format-1 envelope is re-signed as format 2).
     *
     * @throws IllegalArgumentException if {@code key} is not an Ed25519 private key
     */
    public static SignedPayload sign(SignedPayload payload, PrivateKey key) {
        PublicKey pub = Keys.publicOf(key);
        try {
            Signature s = Signature.getInstance(Keys.ALGORITHM);
            SignedPayload current = payload.withoutSignature();
            s.initSign(key);
            s.update(SignedContent.of(current));
            return current.withSignature(s.sign(), pub.getEncoded());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (JDK 15+ has it)", e);
        }
    }

    /**
     * Whether {@code payload} carries a signature over its {@link SignedContent} that {@code key}
     * verifies. False when it is unsigned, was signed by another key, or what it signs changed since
     * signing.
     */
    public static boolean verify(SignedPayload payload, PublicKey key) {
        if (payload.signature().isEmpty()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(Keys.ALGORITHM);
            s.initVerify(key);
            s.update(SignedContent.of(payload));
            return s.verify(payload.signature().get());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("cannot verify with this key: " + e.getMessage(), e);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (JDK 15+ has it)", e);
        }
    }

    /**
     * Whether {@code payload}'s signature verifies against the public key it carries: proves what it
     * signs is intact since signing, not who signed it (compare {@link Keys#fingerprint} with a
     * trusted key for that).
     */
    public static boolean verifyEmbedded(SignedPayload payload) {
        if (payload.publicKey().isEmpty()) {
            return false;
        }
        try {
            return verify(payload, Keys.publicFromX509(payload.publicKey().get()));
        } catch (IllegalArgumentException e) { // not X.509, or a point the JDK refuses: it verifies nothing
            return false;
        }
    }
}
