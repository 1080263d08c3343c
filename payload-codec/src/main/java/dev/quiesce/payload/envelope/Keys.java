package dev.quiesce.payload.envelope;

import dev.quiesce.io.InputFiles;
import dev.quiesce.io.InputFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 key pairs for payload signing and their files: the private key as PKCS#8 in a
 * {@code -----BEGIN PRIVATE KEY-----} PEM file, the public key as X.509 SubjectPublicKeyInfo in a
 * {@code -----BEGIN PUBLIC KEY-----} PEM file (RFC 7468), the formats {@code openssl genpkey
 * -algorithm ed25519} writes and reads.
 */
public final class Keys {

    /** The JDK algorithm name (RFC 8032, JDK 15+ EdDSA). */
    public static final String ALGORITHM = "Ed25519";

    /** Length of an Ed25519 private key seed. */
    public static final int SEED_LENGTH = 32;

    private Keys() {
    }

    /** A new key pair from the operating system's entropy: real key material, not simulation. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (JDK 15+ has it)", e);
        }
    }

    /**
     * The key pair whose private key is the 32-byte {@code seed} (RFC 8032 §5.1.5): the same seed
     * always gives the same pair, for tests and for simulated hosts keyed by the run seed.
     */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is %d bytes, got %d".formatted(SEED_LENGTH, seed.length));
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (JDK 15+ has it)", e);
        }
    }

    /** The public key of {@code key}, derived from its seed. */
    public static PublicKey publicOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
        }
        byte[] seed = ed.getBytes().get();
        KeyPair pair = fromSeed(seed);
        Arrays.fill(seed, (byte) 0);
        return pair.getPublic();
    }

    /**
     * A short name of a public key: {@code ed25519:} and the first 16 bytes of the SHA-256 of its
     * X.509 encoding, in hex.
     */
    public static String fingerprint(PublicKey key) {
        return fingerprint(key.getEncoded());
    }

    /** {@link #fingerprint(PublicKey)} of an X.509-encoded key. */
    public static String fingerprint(byte[] x509) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(x509);
            return "ed25519:" + HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** Writes {@code key} as a PKCS#8 PEM file readable only by its owner where the file system allows. */
    public static void writePrivate(Path file, PrivateKey key) throws IOException {
        Files.writeString(file, Pem.encode(Pem.PRIVATE, key.getEncoded()), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the default permissions
        }
    }

    /** Writes {@code key} as an X.509 PEM file. */
    public static void writePublic(Path file, PublicKey key) throws IOException {
        Files.writeString(file, Pem.encode(Pem.PUBLIC, key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /**
     * Reads an Ed25519 private key file.
     *
     * @throws IllegalArgumentException saying what the file is instead (missing, a public key, not
     *                                  PEM, another algorithm) and what to give instead
     */
    public static PrivateKey readPrivate(Path file) throws IOException {
        byte[] der = Pem.decode(file, read(file), Pem.PRIVATE,
                "signing needs the private key (the .key file written by quiesce payload keygen)");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException(file + " is not an Ed25519 private key (" + why(e)
                    + "); quiesce signs with Ed25519 only: make a key with quiesce payload keygen -o PREFIX", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (JDK 15+ has it)", e);
        }
    }

    /**
     * Reads an Ed25519 public key file.
     *
     * @throws IllegalArgumentException saying what the file is instead and what to give instead
     */
    public static PublicKey readPublic(Path file) throws IOException {
        byte[] der = Pem.decode(file, read(file), Pem.PUBLIC,
                "verifying needs the public key (the .pub file written by quiesce payload keygen); "
                        + "never hand out the private key");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException(file + " is not an Ed25519 public key (" + why(e)
                    + "); quiesce verifies Ed25519 only: use the .pub file written by quiesce payload keygen", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (JDK 15+ has it)", e);
        }
    }

    /** Reads an X.509-encoded Ed25519 public key (the envelope's {@code public_key}). */
    public static PublicKey publicFromX509(byte[] der) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an X.509 Ed25519 public key: " + why(e), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (JDK 15+ has it)", e);
        }
    }

    /**
     * Why a key did not decode, in words and without the JDK's exception class names: another algorithm (the
     * decoder names its object identifier, e.g. 1.2.840.113549.1.1.1 for RSA) or bytes that are not a key.
     */
    static String why(InvalidKeySpecException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? "" : root.getMessage();
        int oid = m.indexOf("OID: ");
        if (oid >= 0) {
            return "it is a key of another algorithm, object identifier " + m.substring(oid + 5).strip();
        }
        return "its contents do not decode as a key";
    }

    private static String read(Path file) throws IOException {
        try {
            return new String(InputFiles.read(file, 64 * 1024, "key file"), StandardCharsets.ISO_8859_1);
        } catch (InputFileException e) {
            if (e.reason() != InputFileException.Reason.MISSING) {
                throw e;
            }
            throw new IllegalArgumentException("key file " + file + " does not exist; make a key pair with "
                    + "quiesce payload keygen -o PREFIX (writes PREFIX.key and PREFIX.pub)", e);
        }
    }

    /**
     * A {@link SecureRandom} that yields one given seed: the JDK's Ed25519 key pair generator draws
     * exactly the 32-byte private key from its random source, so this turns a seed into its pair.
     */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        SeedRandom(byte[] seed) {
            super(new SeedSpi(seed), (Provider) null);
        }
    }

    /** The service behind {@link SeedRandom}: hands out the seed once, then refuses. */
    private static final class SeedSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        SeedSpi(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        protected void engineSetSeed(byte[] s) {
            throw new UnsupportedOperationException("fixed seed");
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("the Ed25519 generator asked for %d bytes (again: %b); expected one draw of %d"
                        .formatted(bytes.length, used, seed.length));
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
            Arrays.fill(seed, (byte) 0);
            used = true;
        }

        @Override
        protected byte[] engineGenerateSeed(int n) {
            throw new UnsupportedOperationException("fixed seed");
        }
    }
}
