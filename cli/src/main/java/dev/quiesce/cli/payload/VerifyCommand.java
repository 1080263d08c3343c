package dev.quiesce.cli.payload;

import dev.quiesce.io.InputFiles;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.envelope.EnvelopeCodec;
import dev.quiesce.payload.envelope.Keys;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.payload.envelope.SignedPayload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;

/**
 * {@code quiesce payload verify FILE --pubkey P}: whether an envelope is signed by the key and its
 * payload is intact and valid, as a host that requires signatures checks it at upload.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check an envelope's signature against a public key (exit 0 valid, 1 invalid, 2 unreadable).")
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A signed envelope (quiesce payload sign).")
    Path file;

    @Option(names = "--pubkey", required = true, paramLabel = "PUB", description = "Trusted public key file (.pub).")
    Path pubkey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PublicKey trusted = Keys.readPublic(pubkey);
        byte[] bytes = InputFiles.read(file, EnvelopeCodec.MAX_ENVELOPE_BYTES, "payload file");
        if (PayloadFile.isElf(bytes)) {
            throw new IllegalArgumentException(file + " is a bare payload (ELF) and carries no signature; "
                    + "sign it with quiesce payload sign " + file + " --key KEY");
        }
        SignedPayload envelope = EnvelopeCodec.decode(bytes);
        try {
            SignaturePolicy.REQUIRE_VALID.check(envelope, trusted);
            envelope.open();
        } catch (PayloadException e) {
            spec.commandLine().getErr().println(file + ": INVALID: " + dev.quiesce.text.Untrusted.show(e.getMessage(), 1000));
            spec.commandLine().getErr().flush();
            return PayloadCommand.EXIT_NO;
        }
        spec.commandLine().getOut().println(file + ": valid: payload " + dev.quiesce.text.Untrusted.show(envelope.name()) + " (build-id "
                + envelope.buildId().hex() + ") signed by " + Keys.fingerprint(trusted));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
