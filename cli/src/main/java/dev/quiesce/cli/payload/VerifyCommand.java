package dev.quiesce.cli.payload;

import dev.quiesce.io.InputFiles;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.envelope.EnvelopeCodec;
import dev.quiesce.payload.envelope.Keys;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.payload.envelope.SignedPayload;
import dev.quiesce.payload.envelope.TrustedKeys;
import dev.quiesce.text.Untrusted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code quiesce payload verify FILE --pubkey P}: whether an envelope is signed by a trusted key and
 * everything it asserts is intact and its payload valid, exactly as a host with {@code --trust P} (signatures
 * required) checks it at upload ({@link SignaturePolicy}, docs/trust.md).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check an envelope's signature against trusted keys, as a host with --trust checks it at upload "
                + "(exit 0 valid, 1 invalid, 2 unreadable).",
                "A format-1 envelope (its signature covers only the ELF) is invalid unless --trust-v1."})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A signed envelope (quiesce payload sign).")
    Path file;

    @Option(names = "--pubkey", required = true, paramLabel = "PUB|KEYDIR",
            description = "Trusted public key file (.pub), or a directory of them.")
    Path pubkey;

    @Option(names = "--trust-v1", description = "Accept a format-1 envelope (signature over the ELF only).")
    boolean trustV1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        TrustedKeys trusted = TrustedKeys.load(pubkey);
        byte[] bytes = InputFiles.read(file, EnvelopeCodec.MAX_ENVELOPE_BYTES, "payload file");
        if (PayloadFile.isElf(bytes)) {
            throw new IllegalArgumentException(file + " is a bare payload (ELF) and carries no signature; "
                    + "sign it with quiesce payload sign " + file + " --key KEY");
        }
        SignedPayload envelope = EnvelopeCodec.decode(bytes);
        try {
            SignaturePolicy.trusting(trusted, true, trustV1).check(envelope);
            envelope.open();
        } catch (PayloadException e) {
            spec.commandLine().getErr().println(Untrusted.show(file.toString()) + ": INVALID: "
                    + Untrusted.show("-" + e.errno().name() + ": " + e.getMessage(), 1000));
            spec.commandLine().getErr().flush();
            return PayloadCommand.EXIT_NO;
        }
        String signer = Keys.fingerprint(envelope.publicKey().orElseThrow());
        spec.commandLine().getOut().println(Untrusted.show(file.toString()) + ": valid: payload "
                + Untrusted.show(envelope.name()) + " (build-id " + envelope.buildId().hex() + ") signed by " + signer
                + (envelope.signsOnlyElf() ? "; " + PayloadDescription.FORMAT_1 : ""));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
