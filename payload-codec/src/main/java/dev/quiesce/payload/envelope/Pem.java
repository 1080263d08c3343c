package dev.quiesce.payload.envelope;

import java.nio.file.Path;
import java.util.Base64;

/**
 * The PEM text encoding of keys (RFC 7468): a {@code -----BEGIN label-----} line, base64 in lines
 * of 64 characters, a {@code -----END label-----} line.
 */
final class Pem {

    static final String PRIVATE = "PRIVATE KEY";
    static final String PUBLIC = "PUBLIC KEY";

    private Pem() {
    }

    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /**
     * The DER inside the {@code label} block of {@code text}.
     *
     * @param otherKind what to say when the file holds the other kind of key
     */
    static byte[] decode(Path file, String text, String label, String otherKind) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = text.indexOf(begin);
        if (b < 0) {
            String other = label.equals(PRIVATE) ? PUBLIC : PRIVATE;
            if (text.contains("-----BEGIN " + other + "-----")) {
                throw new IllegalArgumentException(file + " holds a " + other.toLowerCase(java.util.Locale.ROOT)
                        + ", not a " + label.toLowerCase(java.util.Locale.ROOT) + ": " + otherKind);
            }
            if (text.contains("-----BEGIN ")) {
                int s = text.indexOf("-----BEGIN ");
                int e = text.indexOf("-----", s + 11);
                String found = e < 0 ? "?" : text.substring(s + 11, e);
                throw new IllegalArgumentException(file + " holds a PEM '" + found + "', not an Ed25519 '" + label
                        + "' (PKCS#8/X.509 as written by quiesce payload keygen or openssl genpkey -algorithm ed25519)");
            }
            throw new IllegalArgumentException(file + " is not a PEM key file (no '" + begin + "' line); "
                    + "make a key pair with quiesce payload keygen -o PREFIX");
        }
        int e = text.indexOf(end, b);
        if (e < 0) {
            throw new IllegalArgumentException(file + " has '" + begin + "' but no '" + end + "': the file is cut short");
        }
        if (text.indexOf("-----BEGIN ", e) >= 0) {
            throw new IllegalArgumentException(file + " holds more than one PEM block: keep one key per file (as"
                    + " quiesce payload keygen writes them), so that which key is used is never a guess");
        }
        String body = text.substring(b + begin.length(), e).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(file + ": the " + label.toLowerCase(java.util.Locale.ROOT)
                    + " block is not base64 (" + ex.getMessage() + ")", ex);
        }
    }
}
