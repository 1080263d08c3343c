package dev.quiesce.payload.envelope;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.PayloadException;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A host's rule for payload signatures, checked at upload. Xen upstream never refuses a payload
 * for its signature (docs/xen-livepatch.md §5: signing is not upstream); a host configured with
 * {@link #REQUIRE_VALID} does.
 *
 * <p>Errnos: a missing signature is {@link Errno#EACCES} (the payload lacks the credential the
 * host asks for; signing it is the fix); a signature that does not verify is {@link Errno#EPERM}
 * (a credential was offered and refused: the ELF changed after signing or another key signed it),
 * the same errno Xen's XSM policy returns for a refused livepatch operation. Keeping them apart
 * lets an operator tell "forgot to sign" from "tampered or wrong key".
 */
public enum SignaturePolicy {

    /** Unsigned payloads are accepted; a signature that is present must still verify. */
    ACCEPT_UNSIGNED,

    /** Only payloads signed by the trusted key are accepted. */
    REQUIRE_VALID;

    /**
     * Checks {@code payload} against this policy.
     *
     * @param trusted the host's trusted public key; required for {@link #REQUIRE_VALID}; for
     *                {@link #ACCEPT_UNSIGNED} null means "check a present signature against the key
     *                it carries"
     * @throws PayloadException EACCES for an unsigned payload under REQUIRE_VALID, EPERM for a
     *                          signature that does not verify
     */
    public void check(SignedPayload payload, PublicKey trusted) {
        if (this == REQUIRE_VALID) {
            Objects.requireNonNull(trusted, "REQUIRE_VALID needs the host's trusted public key");
        }
        if (!payload.isSigned()) {
            if (this == REQUIRE_VALID) {
                throw new PayloadException(Errno.EACCES, ("payload '%s' is unsigned and this host requires signatures; "
                        + "sign it with quiesce payload sign --key KEY (the private half of %s)")
                        .formatted(payload.name(), Keys.fingerprint(trusted)));
            }
            return;
        }
        String signer = Keys.fingerprint(payload.publicKey().orElseThrow());
        boolean valid = trusted == null ? PayloadSigner.verifyEmbedded(payload) : PayloadSigner.verify(payload, trusted);
        if (valid) {
            return;
        }
        if (trusted != null && !signer.equals(Keys.fingerprint(trusted))) {
            throw new PayloadException(Errno.EPERM, ("payload '%s' is signed by key %s but this host trusts %s; "
                    + "sign it with the host's key: quiesce payload sign --key KEY")
                    .formatted(payload.name(), signer, Keys.fingerprint(trusted)));
        }
        throw new PayloadException(Errno.EPERM, ("payload '%s' has a signature by key %s that does not verify: its ELF "
                + "bytes changed after signing; rebuild or re-sign it: quiesce payload sign --key KEY")
                .formatted(payload.name(), signer));
    }
}
