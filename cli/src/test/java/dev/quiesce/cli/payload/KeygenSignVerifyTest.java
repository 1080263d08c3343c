package dev.quiesce.cli.payload;

import dev.quiesce.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.quiesce.cli.payload.Cli.field;
import static dev.quiesce.cli.payload.Cli.quiesce;
import static org.assertj.core.api.Assertions.assertThat;

class KeygenSignVerifyTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void samplesAndKeys() {
        assertThat(quiesce("payload", "samples", "-o", dir.resolve("samples")).exit()).isZero();
        assertThat(quiesce("payload", "keygen", "-o", dir.resolve("alice")).exit()).isZero();
        assertThat(quiesce("payload", "keygen", "-o", dir.resolve("bob")).exit()).isZero();
    }

    @Test
    void keygen_writesAnEd25519PairThatOpensslAgreesWith() throws Exception {
        assertThat(Cli.run(dir, "openssl", "pkey", "-in", "alice.key", "-pubout"))
                .isEqualTo(Files.readString(dir.resolve("alice.pub")));
        assertThat(Cli.run(dir, "openssl", "pkey", "-in", "alice.key", "-noout", "-text")).contains("ED25519 Private-Key");
        CliRun again = quiesce("payload", "keygen", "-o", dir.resolve("alice"));
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("alice.key exists").contains("--force");
    }

    @Test
    void signThenVerify_acceptsTheSignersKeyAndRefusesAnother() {
        Path signed = dir.resolve("hello.signed");
        CliRun sign = quiesce("payload", "sign", dir.resolve("samples/xen_hello_world.livepatch"),
                "--key", dir.resolve("alice.key"), "--meta", "ticket=XSA-1", "-o", signed);
        assertThat(sign.exit()).as(sign.err()).isZero();
        assertThat(sign.out()).startsWith("signed xen_hello_world (build-id ");

        CliRun ok = quiesce("payload", "verify", signed, "--pubkey", dir.resolve("alice.pub"));
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains(": valid: payload xen_hello_world");

        CliRun other = quiesce("payload", "verify", signed, "--pubkey", dir.resolve("bob.pub"));
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).contains("INVALID: -EPERM: payload 'xen_hello_world' is signed by an unknown key ed25519:")
                .contains("the one trusted key is " + dir.resolve("bob.pub"));
    }

    @Test
    void verify_failsWhenOneByteOfTheElfIsFlipped() throws Exception {
        Path signed = dir.resolve("flip.signed");
        assertThat(quiesce("payload", "sign", dir.resolve("samples/xen_nop.livepatch"), "--key", dir.resolve("alice.key"),
                "-o", signed).exit()).isZero();
        byte[] bytes = Files.readAllBytes(signed);
        int elf = indexOf(bytes, new byte[]{0x7f, 'E', 'L', 'F'});
        assertThat(elf).isPositive();
        bytes[elf + 200] ^= 0x01;
        Files.write(signed, bytes);

        CliRun r = quiesce("payload", "verify", signed, "--pubkey", dir.resolve("alice.pub"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("INVALID: -EPERM: payload 'xen_nop' has a signature by key")
                .contains("its name, build-ids, metadata or ELF bytes changed after signing");
        assertThat(field(quiesce("payload", "inspect", signed), "signature")).contains("INVALID");
    }

    @Test
    void wrongKeyFiles_getAClearErrorAndExit2() throws Exception {
        Path hello = dir.resolve("samples/xen_hello_world.livepatch");
        CliRun pubAsKey = quiesce("payload", "sign", hello, "--key", dir.resolve("alice.pub"));
        assertThat(pubAsKey.exit()).isEqualTo(2);
        assertThat(pubAsKey.err()).startsWith("error: ").contains("alice.pub holds a public key, not a private key")
                .contains("signing needs the private key");

        CliRun missing = quiesce("payload", "sign", hello, "--key", dir.resolve("nobody.key"));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("key file").contains("nobody.key does not exist")
                .contains("quiesce payload keygen -o PREFIX");

        Files.writeString(dir.resolve("junk.pub"), "not a key\n");
        Path signed = dir.resolve("junk-test.signed");
        assertThat(quiesce("payload", "sign", hello, "--key", dir.resolve("alice.key"), "-o", signed).exit()).isZero();
        CliRun junk = quiesce("payload", "verify", signed, "--pubkey", dir.resolve("junk.pub"));
        assertThat(junk.exit()).isEqualTo(2);
        assertThat(junk.err()).contains("junk.pub is not a PEM key file");
    }

    @Test
    void verify_ofABarePayloadOrGarbage_isAnErrorNotAVerdict() throws Exception {
        CliRun bare = quiesce("payload", "verify", dir.resolve("samples/xen_nop.livepatch"), "--pubkey", dir.resolve("alice.pub"));
        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("is a bare payload (ELF) and carries no signature");
        Files.write(dir.resolve("garbage.signed"), new byte[]{(byte) 0xff, (byte) 0xff, 0x01});
        CliRun garbage = quiesce("payload", "inspect", dir.resolve("garbage.signed"));
        assertThat(garbage.exit()).isEqualTo(2);
        assertThat(garbage.err()).startsWith("error: -EINVAL: envelope is not a payload envelope");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
