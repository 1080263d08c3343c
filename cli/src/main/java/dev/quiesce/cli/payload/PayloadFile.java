package dev.quiesce.cli.payload;

import dev.quiesce.io.InputFiles;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PayloadReader;
import dev.quiesce.payload.envelope.EnvelopeCodec;
import dev.quiesce.payload.envelope.SignedPayload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A payload file given on the command line: a bare Xen payload ({@code .livepatch}, an ELF object)
 * or a signed envelope; either way its ELF is parsed and validated.
 *
 * @param path     the file
 * @param name     the payload's name: the envelope's, else the file name without its extension
 *                 (as {@code xen-livepatch load} names a payload after its file)
 * @param envelope the envelope, when the file is one
 * @param payload  the parsed, validated payload
 */
record PayloadFile(Path path, String name, Optional<SignedPayload> envelope, Payload payload) {

    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    /**
     * Reads {@code path}.
     *
     * @throws dev.quiesce.payload.PayloadException for a malformed payload or envelope
     */
    static PayloadFile read(Path path) throws IOException {
        byte[] bytes = InputFiles.read(path, EnvelopeCodec.MAX_ENVELOPE_BYTES, "payload file");
        String fileName = path.getFileName().toString();
        if (isElf(bytes)) {
            return new PayloadFile(path, stem(fileName), Optional.empty(), PayloadReader.read(fileName, bytes));
        }
        SignedPayload envelope = EnvelopeCodec.decode(bytes);
        return new PayloadFile(path, envelope.name(), Optional.of(envelope), envelope.open());
    }

    /** Whether {@code bytes} start with the ELF magic. */
    static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == ELF_MAGIC[0] && bytes[1] == ELF_MAGIC[1] && bytes[2] == ELF_MAGIC[2]
                && bytes[3] == ELF_MAGIC[3];
    }

    /** {@code name} without its last extension. */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** "signed envelope" or "bare payload", for messages. */
    String kind() {
        return envelope.isPresent() ? "signed envelope" : "bare payload (ELF)";
    }
}
