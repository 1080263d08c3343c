package dev.quiesce.payload.envelope;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedKeysTest {

    private final PublicKey a = Keys.fromSeed(Samples.seed(1)).getPublic();
    private final PublicKey b = Keys.fromSeed(Samples.seed(2)).getPublic();

    @Test
    void aKeyDir_isItsPubFilesInNameOrder_andNothingElse(@TempDir Path dir) throws Exception {
        Keys.writePublic(dir.resolve("z-ops.pub"), a);
        Keys.writePublic(dir.resolve("a-release.pub"), b);
        Files.writeString(dir.resolve("README"), "not a key");
        Keys.writePrivate(dir.resolve("ops.key"), Keys.fromSeed(Samples.seed(3)).getPrivate());

        TrustedKeys t = TrustedKeys.load(dir);
        assertThat(t.keys()).extracting(Keys::fingerprint).containsExactly(Keys.fingerprint(b), Keys.fingerprint(a));
        assertThat(t.directory()).isTrue();
        assertThat(t.find(Keys.fingerprint(a))).isPresent();
        assertThat(t.find(Keys.fingerprint(Keys.fromSeed(Samples.seed(3)).getPublic()))).isEmpty();
    }

    @Test
    void onePubFile_isOneKey(@TempDir Path dir) throws Exception {
        Keys.writePublic(dir.resolve("ops.pub"), a);
        TrustedKeys t = TrustedKeys.load(dir.resolve("ops.pub"));
        assertThat(t.keys()).hasSize(1);
        assertThat(t.directory()).isFalse();
    }

    @Test
    void anEmptyDir_aMissingPath_orABadKeyFile_isRefusedSayingWhatToGive(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TrustedKeys.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no trusted keys in " + dir + ": put the .pub file of each signer there");
        assertThatThrownBy(() -> TrustedKeys.load(dir.resolve("nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist: give a directory of .pub files or one .pub file");
        Files.writeString(dir.resolve("bad.pub"), "hello");
        assertThatThrownBy(() -> TrustedKeys.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.pub is not a PEM key file");
        Keys.writePrivate(dir.resolve("bad.pub"), Keys.fromSeed(Samples.seed(3)).getPrivate());
        assertThatThrownBy(() -> TrustedKeys.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds a private key, not a public key");
    }
}
