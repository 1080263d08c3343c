package dev.quiesce.payload.envelope;

import dev.quiesce.elf.BuildId;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.PayloadReader;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A payload in its envelope: the ELF bytes of a Xen livepatch payload, its name, copies of its
 * build-id and dependencies (for inspection without parsing the ELF), free-form metadata, and
 * optionally an Ed25519 signature with the signer's public key.
 *
 * <p>What the signature covers depends on the envelope's format version ({@link SignedContent}): in
 * version {@value #FORMAT_VERSION} (what {@link PayloadSigner#sign} writes) everything the envelope
 * asserts — name, build-ids, depends, xen_depends, metadata and the ELF — over a canonical encoding;
 * in version {@value #LEGACY_VERSION} only the ELF bytes, so the name and metadata of such an envelope
 * are not vouched for. The copied build-ids must match the ELF ({@link #open()} checks them). Byte
 * arrays are copied in and out; metadata is kept sorted by key.
 *
 * @param name       the payload's name, {@code [A-Za-z0-9_-]}, 1..127 characters (Xen's
 *                   {@code XEN_LIVEPATCH_NAME_SIZE} is 128 with the NUL; livepatch-build-tools'
 *                   character set)
 * @param elf        the payload, a relocatable ELF64 object in Xen's livepatch format
 * @param buildId    copy of the payload's {@code .note.gnu.build-id}
 * @param depends    copy of its {@code .livepatch.depends}
 * @param xenDepends copy of its {@code .livepatch.xen_depends}, empty when it has none
 * @param metadata   key/value metadata (author, ticket, approval, ...), signed in format 2
 * @param signature  Ed25519 signature over {@link SignedContent#of} (64 bytes), empty when unsigned
 * @param publicKey  the signer's public key (X.509 SubjectPublicKeyInfo DER), present exactly
 *                   when {@code signature} is
 * @param formatVersion the envelope format: {@value #FORMAT_VERSION}, or {@value #LEGACY_VERSION} as read
 *                   from an old envelope
 */
public record SignedPayload(String name, byte[] elf, BuildId buildId, BuildId depends, Optional<BuildId> xenDepends,
                            Map<String, String> metadata, Optional<byte[]> signature, Optional<byte[]> publicKey,
                            int formatVersion) {

    /** The envelope format this quiesce writes: the signature covers everything the envelope asserts. */
    public static final int FORMAT_VERSION = 2;

    /** The first envelope format, still read: its signature covers only the ELF bytes. */
    public static final int LEGACY_VERSION = 1;

    /** Longest name: Xen's {@code XEN_LIVEPATCH_NAME_SIZE} (128) less the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 127;

    /** Length of an Ed25519 signature (RFC 8032). */
    public static final int SIGNATURE_LENGTH = 64;

    /**
     * @throws IllegalArgumentException for a bad name, an empty ELF, a signature that is not 64
     *                                  bytes, or a signature without a public key (or vice versa)
     */
    public SignedPayload {
        if (formatVersion != FORMAT_VERSION && formatVersion != LEGACY_VERSION) {
            throw new IllegalArgumentException("envelope format version %d; this quiesce reads %d and %d"
                    .formatted(formatVersion, LEGACY_VERSION, FORMAT_VERSION));
        }
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(depends, "depends");
        Objects.requireNonNull(xenDepends, "xenDepends");
        checkName(name);
        if (elf.length == 0) {
            throw new IllegalArgumentException("payload '" + name + "' has no ELF bytes");
        }
        elf = elf.clone();
        SortedMap<String, String> sorted = new TreeMap<>();
        metadata.forEach((k, v) -> sorted.put(Objects.requireNonNull(k, "metadata key"),
                Objects.requireNonNull(v, "metadata value of " + k)));
        metadata = Collections.unmodifiableSortedMap(sorted);
        if (signature.isPresent() != publicKey.isPresent()) {
            throw new IllegalArgumentException("payload '" + name + "': a signature needs its public key and a "
                    + "public key its signature; found only the " + (signature.isPresent() ? "signature" : "public key"));
        }
        if (signature.isPresent() && signature.get().length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("payload '%s': an Ed25519 signature is %d bytes, this one is %d"
                    .formatted(name, SIGNATURE_LENGTH, signature.get().length));
        }
        signature = signature.map(byte[]::clone);
        publicKey = publicKey.map(byte[]::clone);
    }

    /** An envelope in the current format ({@value #FORMAT_VERSION}). */
    public SignedPayload(String name, byte[] elf, BuildId buildId, BuildId depends, Optional<BuildId> xenDepends,
                         Map<String, String> metadata, Optional<byte[]> signature, Optional<byte[]> publicKey) {
        this(name, elf, buildId, depends, xenDepends, metadata, signature, publicKey, FORMAT_VERSION);
    }

    /** An unsigned envelope around a parsed payload, its build-ids copied from the ELF. */
    public static SignedPayload of(String name, Payload payload, Map<String, String> metadata) {
        return new SignedPayload(name, payload.bytes(), payload.buildId(), payload.depends(), payload.xenDepends(),
                metadata, Optional.empty(), Optional.empty());
    }

    /**
     * Parses and validates the ELF ({@link PayloadReader#read}) and checks that the envelope's
     * copies of the build-ids are the ELF's (a format-1 signature does not cover them, and a
     * format-2 one vouches only for what the signer wrapped).
     *
     * @throws PayloadException the reader's error, or EINVAL naming the copy that disagrees
     */
    public Payload open() {
        Payload p = PayloadReader.read(name + ".livepatch", elf);
        agree("build-id (.note.gnu.build-id)", buildId.hex(), p.buildId().hex());
        agree("depends (.livepatch.depends)", depends.hex(), p.depends().hex());
        agree("xen_depends (.livepatch.xen_depends)", xenDepends.map(BuildId::hex).orElse("none"),
                p.xenDepends().map(BuildId::hex).orElse("none"));
        return p;
    }

    private void agree(String what, String envelope, String inElf) {
        if (!envelope.equals(inElf)) {
            throw new PayloadException(Errno.EINVAL, "envelope of payload '%s' says %s %s but the ELF has %s; the envelope "
                    .formatted(name, what, envelope, inElf) + "was edited after wrapping: wrap the ELF again with quiesce payload sign");
        }
    }

    /**
     * Checks a payload name the way Xen's {@code get_name()} (xen/common/livepatch.c) bounds it and
     * livepatch-build-tools restricts its characters.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a payload needs a name of 1.." + MAX_NAME_LENGTH + " characters [A-Za-z0-9_-]");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("payload name '%s…' is %d characters; Xen allows %d"
                    .formatted(name.substring(0, 16), name.length(), MAX_NAME_LENGTH));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                throw new IllegalArgumentException("payload name '%s' has '%c' at index %d; use only [A-Za-z0-9_-]"
                        .formatted(name, c, i));
            }
        }
    }

    /** A copy of the ELF bytes. */
    @Override
    public byte[] elf() {
        return elf.clone();
    }

    /** A copy of the signature, if signed. */
    @Override
    public Optional<byte[]> signature() {
        return signature.map(byte[]::clone);
    }

    /** A copy of the signer's public key (X.509 DER), if signed. */
    @Override
    public Optional<byte[]> publicKey() {
        return publicKey.map(byte[]::clone);
    }

    /** Whether the envelope carries a signature (valid or not: see {@link PayloadSigner#verify}). */
    public boolean isSigned() {
        return signature.isPresent();
    }

    /** This envelope with {@code signature} by the key {@code publicKey} (X.509 DER), its format version kept. */
    public SignedPayload withSignature(byte[] signature, byte[] publicKey) {
        return new SignedPayload(name, elf, buildId, depends, xenDepends, metadata,
                Optional.of(signature), Optional.of(publicKey), formatVersion);
    }

    /** This envelope without a signature, in the current format. */
    public SignedPayload withoutSignature() {
        return new SignedPayload(name, elf, buildId, depends, xenDepends, metadata, Optional.empty(), Optional.empty(),
                FORMAT_VERSION);
    }

    /**
     * This envelope with {@code metadata} instead of its own; a format-2 signature no longer verifies
     * (the metadata is signed), a format-1 one does.
     */
    public SignedPayload withMetadata(Map<String, String> metadata) {
        return new SignedPayload(name, elf, buildId, depends, xenDepends, metadata, signature, publicKey, formatVersion);
    }

    /** Whether the signature, if any, covers only the ELF (format {@value #LEGACY_VERSION}). */
    public boolean signsOnlyElf() {
        return formatVersion == LEGACY_VERSION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedPayload p && name.equals(p.name) && Arrays.equals(elf, p.elf)
                && buildId.equals(p.buildId) && depends.equals(p.depends) && xenDepends.equals(p.xenDepends)
                && metadata.equals(p.metadata) && sameBytes(signature, p.signature) && sameBytes(publicKey, p.publicKey)
                && formatVersion == p.formatVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(elf), buildId, depends, xenDepends, metadata,
                signature.map(Arrays::hashCode).orElse(0), formatVersion);
    }

    @Override
    public String toString() {
        return "SignedPayload[name=%s, elf=%d bytes, buildId=%s, depends=%s, xenDepends=%s, metadata=%s, %s, format %d]"
                .formatted(name, elf.length, buildId, depends, xenDepends.map(BuildId::hex).orElse("none"), metadata,
                        isSigned() ? "signed" : "unsigned", formatVersion);
    }

    private static boolean sameBytes(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }
}
