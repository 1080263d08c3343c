package dev.quiesce.cli.payload;

import dev.quiesce.payload.envelope.EnvelopeCodec;
import dev.quiesce.payload.envelope.Keys;
import dev.quiesce.payload.envelope.PayloadSigner;
import dev.quiesce.payload.envelope.SignedPayload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code quiesce payload sign FILE --key K}: wraps a payload in the envelope (or takes an
 * envelope, of either format) and signs it with Ed25519 in the current format: name, build-ids,
 * depends, metadata and ELF ({@link dev.quiesce.payload.envelope.SignedContent}).
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Wrap a .livepatch in a signed envelope (or re-sign an envelope) with an Ed25519 key: "
                + "the signature covers the name, build-ids, metadata and ELF (envelope format 2).")
final class SignCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A .livepatch payload or a signed envelope.")
    Path file;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "Private key file (quiesce payload keygen).")
    Path key;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Payload name, [A-Za-z0-9_-] (default: the envelope's, or FILE without its extension).")
    String name;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Metadata to record (repeatable; signed with the rest of the envelope).")
    Map<String, String> meta = new TreeMap<>();

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output file (default: FILE with extension .signed).")
    Path output;

    @picocli.CommandLine.Mixin
    dev.quiesce.cli.ForceOption outputs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (String k : meta.keySet()) {
            if (k.isBlank()) {
                throw new IllegalArgumentException("--meta needs KEY=VALUE with a KEY, e.g. --meta approved-by=alice");
            }
        }
        Path out = output != null ? output : file.resolveSibling(PayloadFile.stem(file.getFileName().toString()) + ".signed");
        outputs.claimFile("-o", out, file, key);
        PrivateKey privateKey = Keys.readPrivate(key);
        PayloadFile in = PayloadFile.read(file);
        SignedPayload unsigned = in.envelope()
                .map(e -> new SignedPayload(name != null ? name : e.name(), e.elf(), e.buildId(), e.depends(),
                        e.xenDepends(), merged(e.metadata()), java.util.Optional.empty(), java.util.Optional.empty()))
                .orElseGet(() -> SignedPayload.of(name != null ? name : in.name(), in.payload(), meta));
        SignedPayload signed = PayloadSigner.sign(unsigned, privateKey);
        dev.quiesce.io.OutputFiles.write(out, EnvelopeCodec.encode(signed));
        PrintWriter w = spec.commandLine().getOut();
        w.println("signed " + dev.quiesce.text.Untrusted.show(signed.name()) + " (build-id " + signed.buildId().hex() + ") with key "
                + Keys.fingerprint(Keys.publicOf(privateKey)) + " -> " + out);
        w.flush();
        return 0;
    }

    private Map<String, String> merged(Map<String, String> old) {
        Map<String, String> m = new TreeMap<>(old);
        m.putAll(meta);
        return m;
    }
}
