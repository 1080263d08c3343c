package dev.quiesce.payload.envelope;

import dev.quiesce.elf.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {

    @Test
    void keyFiles_roundTripAndAreTheFilesOpensslWrites(@TempDir Path dir) throws Exception {
        KeyPair k = Keys.fromSeed(Samples.RFC_SEED);
        Keys.writePrivate(dir.resolve("k.key"), k.getPrivate());
        Keys.writePublic(dir.resolve("k.pub"), k.getPublic());

        assertThat(Keys.readPrivate(dir.resolve("k.key")).getEncoded()).isEqualTo(k.getPrivate().getEncoded());
        assertThat(Keys.readPublic(dir.resolve("k.pub")).getEncoded()).isEqualTo(k.getPublic().getEncoded());
        // openssl re-encodes our private key to the same PEM and derives the same public key file.
        assertThat(Tools.run(dir, "openssl", "pkey", "-in", "k.key")).isEqualTo(Files.readString(dir.resolve("k.key")));
        assertThat(Tools.run(dir, "openssl", "pkey", "-in", "k.key", "-pubout")).isEqualTo(Files.readString(dir.resolve("k.pub")));
        assertThat(Tools.run(dir, "openssl", "pkey", "-in", "k.key", "-noout", "-text"))
                .contains("ED25519 Private-Key").contains("4c:cd:08:9b");
    }

    @Test
    void readPrivate_readsAKeyMadeByOpenssl(@TempDir Path dir) throws Exception {
        Tools.run(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", "o.key");
        Tools.run(dir, "openssl", "pkey", "-in", "o.key", "-pubout", "-out", "o.pub");
        PrivateKey priv = Keys.readPrivate(dir.resolve("o.key"));
        PublicKey pub = Keys.readPublic(dir.resolve("o.pub"));
        assertThat(Keys.publicOf(priv).getEncoded()).isEqualTo(pub.getEncoded());
        SignedPayload signed = PayloadSigner.sign(Samples.envelope(new byte[]{42}), priv);
        assertThat(PayloadSigner.verify(signed, pub)).isTrue();
    }

    @Test
    void fromSeed_isDeterministicAndFingerprintsDiffer() {
        assertThat(Keys.fromSeed(Samples.seed(5)).getPublic().getEncoded())
                .isEqualTo(Keys.fromSeed(Samples.seed(5)).getPublic().getEncoded());
        assertThat(Keys.fingerprint(Keys.fromSeed(Samples.seed(5)).getPublic()))
                .matches("ed25519:[0-9a-f]{32}")
                .isNotEqualTo(Keys.fingerprint(Keys.fromSeed(Samples.seed(6)).getPublic()));
    }

    @Test
    void wrongKeyFiles_getAnErrorThatSaysWhatToGiveInstead(@TempDir Path dir) throws Exception {
        KeyPair k = Keys.fromSeed(Samples.seed(7));
        Path key = dir.resolve("k.key");
        Path pub = dir.resolve("k.pub");
        Keys.writePrivate(key, k.getPrivate());
        Keys.writePublic(pub, k.getPublic());
        Files.writeString(dir.resolve("junk.key"), "hello\n");
        Tools.run(dir, "openssl", "genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa.key");
        Tools.run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.key");
        Files.writeString(dir.resolve("cut.key"), Files.readString(key).lines().limit(2).reduce("", (a, b) -> a + b + "\n"));

        assertThatThrownBy(() -> Keys.readPrivate(pub)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds a public key, not a private key").hasMessageContaining("needs the private key");
        assertThatThrownBy(() -> Keys.readPublic(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds a private key, not a public key");
        assertThatThrownBy(() -> Keys.readPrivate(dir.resolve("missing.key"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("quiesce payload keygen -o PREFIX");
        assertThatThrownBy(() -> Keys.readPrivate(dir.resolve("junk.key"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a PEM key file");
        assertThatThrownBy(() -> Keys.readPrivate(dir.resolve("rsa.key"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an Ed25519 private key");
        assertThatThrownBy(() -> Keys.readPrivate(dir.resolve("ec.key"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds a PEM 'EC PARAMETERS', not an Ed25519 'PRIVATE KEY'");
        assertThatThrownBy(() -> Keys.readPrivate(dir.resolve("cut.key"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the file is cut short");
    }

    @Test
    void aKeyOfAnotherAlgorithmOrUndecodableBytesIsNamedInWordsWithoutJavaClassNames(@TempDir Path dir)
            throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair pair = rsa.generateKeyPair();
        Path priv = dir.resolve("rsa.key");
        Files.writeString(priv, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Keys.readPrivate(priv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another algorithm, object identifier 1.2.840.113549.1.1.1")
                .message().doesNotContain("Exception").doesNotContain("java.");
        Path pub = dir.resolve("junk.pub");
        Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> Keys.readPublic(pub)).hasMessageContaining("its contents do not decode as a key")
                .message().doesNotContain("Exception");
    }

    @Test
    void aFileOfTwoKeysIsRefused_notSignedWithTheFirst(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("one.key");
        Keys.writePrivate(one, Keys.generate().getPrivate());
        Path two = dir.resolve("two.key");
        Files.writeString(two, Files.readString(one) + Files.readString(one));
        assertThatThrownBy(() -> Keys.readPrivate(two)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds more than one PEM block");
    }
}
