package dev.quiesce.payload.envelope;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The public keys a host trusts to sign payloads: one {@code .pub} file ({@code --trust PUBKEY}) or
 * every {@code *.pub} file of a directory ({@code --trust KEYDIR}), in file-name order, each an
 * Ed25519 public key in PEM ({@link Keys#readPublic}).
 *
 * @param source    where the keys came from (the directory or the file), for messages
 * @param directory whether {@code source} is a directory (an unknown signer is then added by putting its
 *                  {@code .pub} there)
 * @param keys      the keys, in file-name order, at least one
 */
public record TrustedKeys(String source, boolean directory, List<PublicKey> keys) {

    /** More key files than any operator keeps; bounds the work of loading a directory. */
    public static final int MAX_KEYS = 1024;

    /** @throws IllegalArgumentException when {@code keys} is empty */
    public TrustedKeys {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no trusted keys in " + source + ": put the .pub file of each signer "
                    + "there (quiesce payload keygen -o PREFIX writes PREFIX.pub)");
        }
    }

    /**
     * Loads {@code path}: a directory's {@code *.pub} files sorted by name, or one public key file.
     *
     * @throws IllegalArgumentException for a missing path, an empty directory or a file that is not an
     *                                  Ed25519 public key, saying what to give instead
     */
    public static TrustedKeys load(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("--trust " + path + " does not exist: give a directory of .pub files "
                        + "or one .pub file (quiesce payload keygen -o PREFIX writes PREFIX.pub)");
            }
            return new TrustedKeys(path.toString(), false, List.of(Keys.readPublic(path)));
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(path, "*.pub")) {
            for (Path f : d) {
                if (files.size() == MAX_KEYS) {
                    throw new IllegalArgumentException(path + " holds more than " + MAX_KEYS + " .pub files; keep the "
                            + "keys a host trusts in a directory of their own");
                }
                files.add(f);
            }
        }
        files.sort(null);
        List<PublicKey> keys = new ArrayList<>();
        for (Path f : files) {
            keys.add(Keys.readPublic(f));
        }
        return new TrustedKeys(path.toString(), true, keys);
    }

    /** The trusted key whose {@link Keys#fingerprint} is {@code fingerprint}. */
    public Optional<PublicKey> find(String fingerprint) {
        return keys.stream().filter(k -> Keys.fingerprint(k).equals(fingerprint)).findFirst();
    }

    /** The keys' fingerprints, in order, comma-separated. */
    public String fingerprints() {
        return String.join(", ", keys.stream().map(Keys::fingerprint).toList());
    }

    /** What to do about an unknown signer {@code fingerprint}. */
    String addAdvice() {
        return directory ? "add its .pub to " + source
                : "the one trusted key is " + source + "; to trust more, put their .pub files in a KEYDIR and trust that";
    }
}
