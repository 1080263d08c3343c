package dev.quiesce.cli;

import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.payload.envelope.TrustedKeys;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The trust-policy options of every command that uploads payload files (docs/trust.md §1): {@code --trust
 * KEYDIR|PUBKEY}, {@code --require-signed[=true|false]} and {@code --trust-v1}, turned into the host's
 * {@link SignaturePolicy}. Without {@code --trust} there is no trust policy ({@link SignaturePolicy#NONE}): unsigned
 * payloads are accepted and a signed envelope must verify against the key it names.
 */
public final class TrustOption {

    @Option(names = "--trust", paramLabel = "KEYDIR|PUBKEY",
            description = {"Accept only signatures by these keys: a directory of .pub files (sorted by name) or one "
                    + ".pub file. With it, unsigned payloads are refused (-EACCES) unless --require-signed=false;",
                    "a bad signature or an unknown signer is -EPERM. Without it, a signed envelope must still verify "
                            + "against the key it names."})
    Path trust;

    @Option(names = "--require-signed", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "With --trust: refuse unsigned payloads (-EACCES) and format-1 envelopes (default true).")
    Boolean requireSigned;

    @Option(names = "--trust-v1",
            description = "With --trust: accept format-1 envelopes, whose signature covers only the ELF.")
    boolean trustV1;

    /**
     * The policy the options describe.
     *
     * @throws IllegalArgumentException for {@code --require-signed} or {@code --trust-v1} without {@code --trust},
     *                                  or keys that cannot be read
     */
    public SignaturePolicy policy() throws IOException {
        if (trust == null) {
            if (requireSigned != null || trustV1) {
                throw new IllegalArgumentException((requireSigned != null ? "--require-signed" : "--trust-v1")
                        + " needs --trust KEYDIR|PUBKEY: the keys whose signatures this host accepts");
            }
            return SignaturePolicy.NONE;
        }
        return SignaturePolicy.trusting(TrustedKeys.load(trust), requireSigned == null || requireSigned, trustV1);
    }
}
