package dev.quiesce.cli.payload;

import dev.quiesce.payload.envelope.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

/**
 * {@code quiesce payload keygen -o PREFIX}: makes an Ed25519 key pair for signing payloads,
 * {@code PREFIX.key} (PKCS#8 PEM, private) and {@code PREFIX.pub} (X.509 PEM).
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make an Ed25519 signing key pair: PREFIX.key (private, mode 600) and PREFIX.pub.")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PREFIX",
            description = "Writes PREFIX.key and PREFIX.pub.")
    String prefix;

    @Option(names = "--force", description = "Overwrite existing key files.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (prefix.isBlank() || prefix.endsWith("/")) {
            throw new IllegalArgumentException("-o '" + prefix + "' names no file: give a PREFIX such as keys/signer"
                    + " (writes keys/signer.key and keys/signer.pub)");
        }
        Path key = Path.of(prefix + ".key");
        Path pub = Path.of(prefix + ".pub");
        for (Path p : new Path[]{key, pub}) {
            if (Files.exists(p) && !force) {
                throw new IllegalArgumentException(p + " exists; choose another -o PREFIX or pass --force to replace the key");
            }
        }
        KeyPair pair = Keys.generate();
        Keys.writePrivate(key, pair.getPrivate());
        Keys.writePublic(pub, pair.getPublic());
        PrintWriter out = spec.commandLine().getOut();
        out.println("private key: " + key + " (keep it secret: it signs payloads)");
        out.println("public key:  " + pub + " (give it to hosts and to quiesce payload verify --pubkey)");
        out.println("fingerprint: " + Keys.fingerprint(pair.getPublic()));
        out.flush();
        return 0;
    }
}
