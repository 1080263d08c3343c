package dev.quiesce.payload.envelope;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.PayloadException;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A host's rule for payload signatures, checked at upload (docs/trust.md §1). Xen upstream never
 * refuses a payload for its signature (docs/xen-livepatch.md §5: signing is not upstream); quiesce
 * always refuses a signature that does not verify, and a host with a trust policy also refuses
 * signers it does not know and, when it requires signatures, unsigned payloads.
 *
 * <p>{@link #NONE}, no trust policy: unsigned payloads are accepted; a signed envelope is verified
 * against the key it names and refused if it does not verify — never applied unchecked. With
 * {@link #trusting} a set of {@link TrustedKeys}: the signer must be one of them; with
 * {@code requireSigned} an unsigned payload (bare ELF or unsigned envelope) is refused, and so is a
 * format-1 envelope (its signature covers only the ELF) unless {@code acceptFormat1} allows it.
 *
 * <p>Errnos: a missing signature is {@link Errno#EACCES} (the payload lacks the credential the
 * host asks for; signing it is the fix); a signature that does not verify, an unknown signer or a
 * refused format-1 envelope is {@link Errno#EPERM} (a credential was offered and refused), the
 * errno Xen's default XSM policy returns when it refuses a privileged operation such as the livepatch
 * sysctl ({@code xsm_default_action()}, xen/include/xsm/dummy.h). Keeping them apart lets an
 * operator tell "forgot to sign" from "tampered or wrong key".
 */
public final class SignaturePolicy {

    /** No trust policy: unsigned payloads pass; a present signature must verify against the key it names. */
    public static final SignaturePolicy NONE = new SignaturePolicy(null, false, true);

    private final TrustedKeys trusted;
    private final boolean requireSigned;
    private final boolean acceptFormat1;

    private SignaturePolicy(TrustedKeys trusted, boolean requireSigned, boolean acceptFormat1) {
        this.trusted = trusted;
        this.requireSigned = requireSigned;
        this.acceptFormat1 = acceptFormat1;
    }

    /**
     * A trust policy: signatures must be by one of {@code keys}; {@code requireSigned} refuses unsigned
     * payloads and format-1 envelopes, the latter unless {@code acceptFormat1}.
     */
    public static SignaturePolicy trusting(TrustedKeys keys, boolean requireSigned, boolean acceptFormat1) {
        return new SignaturePolicy(Objects.requireNonNull(keys, "keys"), requireSigned, acceptFormat1);
    }

    /** A policy that requires signatures by {@code key} (format 2 only). */
    public static SignaturePolicy requireSignedBy(PublicKey key) {
        return trusting(new TrustedKeys(Keys.fingerprint(key), false, java.util.List.of(key)), true, false);
    }

    /** The trusted keys, empty without a trust policy. */
    public Optional<TrustedKeys> trusted() {
        return Optional.ofNullable(trusted);
    }

    /** Whether unsigned payloads are refused. */
    public boolean requiresSignatures() {
        return requireSigned;
    }

    /** One line saying what this policy accepts. */
    public String describe() {
        if (trusted == null) {
            return "no trust policy: unsigned payloads accepted, signatures checked against the key they name";
        }
        return "trusting %d key(s) from %s (%s); %s%s".formatted(trusted.keys().size(), trusted.source(),
                trusted.fingerprints(), requireSigned ? "signatures required" : "unsigned payloads accepted",
                requireSigned && acceptFormat1 ? ", format-1 envelopes accepted" : "");
    }

    /**
     * Checks a bare payload (an ELF, no envelope) named {@code name}.
     *
     * @throws PayloadException EACCES when this policy requires signatures
     */
    public void checkBare(String name) {
        if (requireSigned) {
            throw new PayloadException(Errno.EACCES, ("payload '%s' is a bare ELF, unsigned, and this host requires "
                    + "signatures: sign it with quiesce payload sign --key KEY (the private half of %s) and upload the "
                    + "envelope").formatted(name, trusted.fingerprints()));
        }
    }

    /**
     * Checks {@code payload} against this policy.
     *
     * @throws PayloadException EACCES for an unsigned envelope when signatures are required; EPERM for
     *                          a signer key that is not Ed25519, an unknown signer, a signature that does
     *                          not verify, or a format-1 envelope when signatures are required
     */
    public void check(SignedPayload payload) {
        String name = payload.name();
        if (!payload.isSigned()) {
            if (requireSigned) {
                throw new PayloadException(Errno.EACCES, ("payload '%s' is unsigned and this host requires signatures;"
                        + " sign it with quiesce payload sign --key KEY (the private half of %s)")
                        .formatted(name, trusted.fingerprints()));
            }
            return;
        }
        byte[] x509 = payload.publicKey().orElseThrow();
        String signer = Keys.fingerprint(x509);
        PublicKey key = trusted == null ? embedded(name, x509) : trusted.find(signer).orElseThrow(() ->
                new PayloadException(Errno.EPERM, "payload '%s' is signed by an unknown key %s: %s"
                        .formatted(name, signer, trusted.addAdvice())));
        if (!verifies(payload, key)) {
            throw new PayloadException(Errno.EPERM, ("payload '%s' has a signature by key %s that does not verify: %s "
                    + "changed after signing, or the signature is damaged; rebuild or re-sign it: quiesce payload sign "
                    + "--key KEY").formatted(name, signer, payload.signsOnlyElf() ? "its ELF bytes"
                    : "its name, build-ids, metadata or ELF bytes"));
        }
        if (payload.signsOnlyElf() && requireSigned && !acceptFormat1) {
            throw new PayloadException(Errno.EPERM, ("payload '%s' is in envelope format 1, whose signature covers "
                    + "only the ELF (not its name or metadata), and this host requires signatures: re-sign it with "
                    + "quiesce payload sign --key KEY, or accept format 1 with --trust-v1").formatted(name));
        }
    }

    private static boolean verifies(SignedPayload payload, PublicKey key) {
        try {
            return PayloadSigner.verify(payload, key);
        } catch (IllegalArgumentException badKey) { // a key the JDK refuses (e.g. a zeroed point) verifies nothing
            return false;
        }
    }

    private static PublicKey embedded(String name, byte[] x509) {
        try {
            return Keys.publicFromX509(x509);
        } catch (IllegalArgumentException e) {
            throw new PayloadException(Errno.EPERM, ("payload '%s' is signed, but the signer's key in the envelope is "
                    + "not an Ed25519 public key: the envelope is damaged; re-sign it: quiesce payload sign --key KEY")
                    .formatted(name));
        }
    }
}
