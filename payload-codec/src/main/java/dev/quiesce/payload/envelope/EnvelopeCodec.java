package dev.quiesce.payload.envelope;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.quiesce.elf.BuildId;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.envelope.proto.EnvelopeProto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The wire format of a {@link SignedPayload}: the protobuf message {@code quiesce.payload.SignedPayload}
 * ({@code src/main/proto/quiesce/payload/envelope.proto}). It writes an envelope in its own format
 * version ({@link SignedPayload#formatVersion()}: {@value SignedPayload#FORMAT_VERSION} for everything
 * quiesce signs now) and reads versions {@value SignedPayload#LEGACY_VERSION} and
 * {@value SignedPayload#FORMAT_VERSION}. Encoding is deterministic (fields in number order, metadata
 * sorted by key), so the same envelope always encodes to the same bytes; the signature does not cover
 * these bytes but {@link SignedContent}, which does not depend on protobuf.
 */
public final class EnvelopeCodec {

    /** Largest envelope accepted: Xen's 2 MiB payload limit plus room for the envelope's fields. */
    public static final int MAX_ENVELOPE_BYTES = 2 * 1024 * 1024 + 64 * 1024;

    private EnvelopeCodec() {
    }

    /** The envelope's bytes. */
    public static byte[] encode(SignedPayload p) {
        EnvelopeProto.SignedPayload.Builder b = EnvelopeProto.SignedPayload.newBuilder()
                .setFormatVersion(p.formatVersion())
                .setName(p.name())
                .setElf(ByteString.copyFrom(p.elf()))
                .setBuildId(ByteString.copyFrom(p.buildId().bytes()))
                .setDepends(ByteString.copyFrom(p.depends().bytes()))
                .putAllMetadata(p.metadata());
        p.xenDepends().ifPresent(x -> b.setXenDepends(ByteString.copyFrom(x.bytes())));
        p.signature().ifPresent(s -> b.setSignature(ByteString.copyFrom(s)));
        p.publicKey().ifPresent(k -> b.setPublicKey(ByteString.copyFrom(k)));
        EnvelopeProto.SignedPayload m = b.build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(m.getSerializedSize());
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.useDeterministicSerialization();
        try {
            m.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads an envelope. Only its structure is checked: verify the signature with
     * {@link PayloadSigner#verify} and the ELF with {@link SignedPayload#open()}.
     *
     * @throws PayloadException EINVAL when the bytes are not a well-formed envelope of version 1 or 2
     */
    public static SignedPayload decode(byte[] bytes) {
        if (bytes.length > MAX_ENVELOPE_BYTES) {
            throw invalid("is %d bytes; an envelope is at most %d (Xen's 2 MiB payload limit)"
                    .formatted(bytes.length, MAX_ENVELOPE_BYTES));
        }
        EnvelopeProto.SignedPayload m;
        try {
            m = EnvelopeProto.SignedPayload.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw invalid("is not a payload envelope (" + e.getMessage() + ")");
        }
        int version = m.getFormatVersion();
        if (version != SignedPayload.FORMAT_VERSION && version != SignedPayload.LEGACY_VERSION) {
            throw invalid("has format version %d; this quiesce reads versions %d and %d"
                    .formatted(Integer.toUnsignedLong(version), SignedPayload.LEGACY_VERSION, SignedPayload.FORMAT_VERSION));
        }
        String name = m.getName();
        try {
            return new SignedPayload(name, m.getElf().toByteArray(),
                    buildId(name, "build_id", m.getBuildId()), buildId(name, "depends", m.getDepends()),
                    m.hasXenDepends() ? Optional.of(buildId(name, "xen_depends", m.getXenDepends())) : Optional.empty(),
                    m.getMetadataMap(),
                    m.hasSignature() ? Optional.of(m.getSignature().toByteArray()) : Optional.empty(),
                    m.hasPublicKey() ? Optional.of(m.getPublicKey().toByteArray()) : Optional.empty(), version);
        } catch (IllegalArgumentException e) {
            throw invalid("is malformed: " + e.getMessage());
        }
    }

    private static BuildId buildId(String name, String field, ByteString bytes) {
        if (bytes.isEmpty()) {
            throw new IllegalArgumentException("payload '" + name + "' has an empty " + field);
        }
        return new BuildId(bytes.toByteArray());
    }

    private static PayloadException invalid(String what) {
        return new PayloadException(Errno.EINVAL, "envelope " + what + "; wrap a .livepatch with quiesce payload sign");
    }
}
