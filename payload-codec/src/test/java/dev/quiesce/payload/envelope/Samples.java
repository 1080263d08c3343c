package dev.quiesce.payload.envelope;

import dev.quiesce.elf.BuildId;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Test envelopes and fixed keys. */
final class Samples {

    /** RFC 8032 §7.1 TEST 2: secret key (seed), public key, message 0x72, signature. */
    static final byte[] RFC_SEED = hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    static final byte[] RFC_PUBLIC = hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    static final byte[] RFC_SIGNATURE = hex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

    private Samples() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static byte[] seed(int b) {
        byte[] s = new byte[Keys.SEED_LENGTH];
        java.util.Arrays.fill(s, (byte) b);
        return s;
    }

    /**
     * {@code p} signed the way format 1 signed: Ed25519 over the ELF bytes alone (real crypto, written
     * here because quiesce no longer signs format 1).
     */
    static SignedPayload signedFormat1(SignedPayload p, java.security.PrivateKey key) {
        try {
            java.security.Signature s = java.security.Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(p.elf());
            return new SignedPayload(p.name(), p.elf(), p.buildId(), p.depends(), p.xenDepends(), p.metadata(),
                    Optional.of(s.sign()), Optional.of(Keys.publicOf(key).getEncoded()), SignedPayload.LEGACY_VERSION);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** An unsigned envelope with made-up ELF bytes (the codec and signer do not parse them). */
    static SignedPayload envelope(byte[] elf) {
        return new SignedPayload("xen_hello_world", elf, BuildId.sha1(elf), BuildId.parse("aa".repeat(20)),
                Optional.of(BuildId.parse("bb".repeat(20))), Map.of("ticket", "XSA-1", "author", "a@example.org"),
                Optional.empty(), Optional.empty());
    }
}
