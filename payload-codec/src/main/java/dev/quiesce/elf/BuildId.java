package dev.quiesce.elf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A build-id: the bytes that identify one exact build of an image or payload (GNU
 * {@code NT_GNU_BUILD_ID}; ours are SHA-1, 20 bytes). Printed as lowercase hex, as GNU readelf
 * prints {@code Build ID: 34c6...}.
 *
 * @param bytes the id (at least one byte)
 */
public record BuildId(byte[] bytes) {

    /** Length of a SHA-1 build-id in bytes. */
    public static final int SHA1_LENGTH = 20;

    public BuildId {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a build-id has at least one byte");
        }
        bytes = bytes.clone();
    }

    /** A copy of the id's bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** The id as lowercase hex, without separators. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** The SHA-1 of the concatenation of {@code chunks}. */
    public static BuildId sha1(byte[]... chunks) {
        Hasher h = hasher();
        for (byte[] c : chunks) {
            h.add(c);
        }
        return h.build();
    }

    /** A SHA-1 hasher to feed chunk by chunk. */
    public static Hasher hasher() {
        return new Hasher();
    }

    /**
     * Parses lowercase or uppercase hex (an even number of digits, at least two).
     *
     * @throws IllegalArgumentException naming the first offending character
     */
    public static BuildId parse(String hex) {
        if (hex.isEmpty() || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("build-id '%s' must be a non-empty even number of hex digits, has %d"
                    .formatted(hex, hex.length()));
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("build-id '%s' is not hex: character '%c' at index %d"
                        .formatted(hex, hex.charAt(i), i));
            }
        }
        return new BuildId(HexFormat.of().parseHex(hex));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BuildId b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The same as {@link #hex()}. */
    @Override
    public String toString() {
        return hex();
    }

    /** An incremental SHA-1 over a sequence of chunks, producing a {@link BuildId}. */
    public static final class Hasher {
        private final MessageDigest digest;

        private Hasher() {
            try {
                digest = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform provides SHA-1", e);
            }
        }

        /** Adds a whole chunk. */
        public Hasher add(byte[] chunk) {
            digest.update(chunk);
            return this;
        }

        /** Adds {@code length} bytes of {@code chunk} from {@code offset}. */
        public Hasher add(byte[] chunk, int offset, int length) {
            digest.update(chunk, offset, length);
            return this;
        }

        /** Adds a 64-bit value, little-endian. */
        public Hasher addLong(long value) {
            for (int i = 0; i < 8; i++) {
                digest.update((byte) (value >>> (8 * i)));
            }
            return this;
        }

        /** Finishes the hash; the hasher must not be used afterwards. */
        public BuildId build() {
            return new BuildId(digest.digest());
        }
    }
}
