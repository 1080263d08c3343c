package dev.quiesce.payload.build.diff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The comparable content of a function or data object: its bytes with every relocated field zeroed,
 * and its relocations normalised. Two fingerprints are equal exactly when the code or data does the
 * same thing wherever the linker puts it and whatever it refers to moved to.
 *
 * @param bytes       the bytes, relocated fields zeroed
 * @param relocations the relocations in offset order
 */
public record Fingerprint(byte[] bytes, List<NormalisedRelocation> relocations) {

    public Fingerprint {
        bytes = bytes.clone();
        relocations = List.copyOf(relocations);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** A short SHA-256 digest of the whole fingerprint, to name content (e.g. a jump table) in identities. */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes);
            for (NormalisedRelocation r : relocations) {
                md.update(r.toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The first difference from {@code other} as a sentence fragment, or empty if they are equal. */
    public Optional<String> firstDifference(Fingerprint other) {
        if (bytes.length != other.bytes.length) {
            return Optional.of("size %d → %d bytes".formatted(bytes.length, other.bytes.length));
        }
        int mismatch = Arrays.mismatch(bytes, other.bytes);
        if (mismatch >= 0) {
            return Optional.of("bytes differ at +0x%x".formatted(mismatch));
        }
        int n = Math.min(relocations.size(), other.relocations.size());
        for (int i = 0; i < n; i++) {
            if (!relocations.get(i).equals(other.relocations.get(i))) {
                return Optional.of("relocation %s → %s".formatted(relocations.get(i), other.relocations.get(i)));
            }
        }
        if (relocations.size() != other.relocations.size()) {
            return Optional.of("%d → %d relocations".formatted(relocations.size(), other.relocations.size()));
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && Arrays.equals(bytes, f.bytes) && relocations.equals(f.relocations);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + relocations.hashCode();
    }

    @Override
    public String toString() {
        return "Fingerprint[" + bytes.length + " bytes, " + relocations.size() + " relocations, " + digest() + "]";
    }
}
