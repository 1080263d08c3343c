package dev.quiesce.payload.envelope;

import com.google.protobuf.ByteString;
import dev.quiesce.guest.GuestObjects;
import dev.quiesce.payload.Errno;
import dev.quiesce.payload.PayloadException;
import dev.quiesce.payload.envelope.proto.EnvelopeProto;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeCodecTest {

    @Test
    void decode_ofEncode_isTheSameEnvelopeAndTheSameBytes() {
        byte[] elf = GuestObjects.object("main.o").bytes();
        SignedPayload unsigned = Samples.envelope(elf);
        SignedPayload signed = PayloadSigner.sign(unsigned, Keys.fromSeed(Samples.seed(1)).getPrivate());
        for (SignedPayload p : new SignedPayload[]{unsigned, signed, unsigned.withMetadata(Map.of())}) {
            byte[] bytes = EnvelopeCodec.encode(p);
            SignedPayload back = EnvelopeCodec.decode(bytes);
            assertThat(back).isEqualTo(p);
            assertThat(EnvelopeCodec.encode(back)).isEqualTo(bytes);
        }
        SignedPayload noXen = new SignedPayload("p", elf, unsigned.buildId(), unsigned.depends(), Optional.empty(),
                Map.of(), Optional.empty(), Optional.empty());
        assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(noXen)).xenDepends()).isEmpty();
    }

    @Test
    void aFormat1Envelope_isReadAsFormat1AndWrittenBackUnchanged() {
        byte[] elf = GuestObjects.object("main.o").bytes();
        byte[] v1 = proto(b -> b.setFormatVersion(1));
        SignedPayload back = EnvelopeCodec.decode(v1);
        assertThat(back.formatVersion()).isEqualTo(SignedPayload.LEGACY_VERSION);
        assertThat(back.signsOnlyElf()).isTrue();
        assertThat(EnvelopeCodec.encode(back)).isEqualTo(v1);
        assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(Samples.envelope(elf))).formatVersion())
                .isEqualTo(SignedPayload.FORMAT_VERSION);
    }

    @Test
    void encode_isTheProtobufWireFormatFieldByField() {
        byte[] elf = {0x7f, 'E', 'L', 'F'};
        SignedPayload p = new SignedPayload("ab", elf, new dev.quiesce.elf.BuildId(new byte[]{1}),
                new dev.quiesce.elf.BuildId(new byte[]{2}), Optional.empty(), Map.of("z", "1", "a", "2"),
                Optional.empty(), Optional.empty());
        // Hand-encoded per protobuf's encoding spec: tag = field << 3 | wire type (0 varint, 2 length-delimited);
        // a map entry is a nested message {1: key, 2: value}; deterministic output sorts map keys.
        String expected = "0802" + "1202" + hex("ab") + "1a04" + "7f454c46" + "220101" + "2a0102"
                + "3a06" + "0a01" + hex("a") + "1201" + hex("2")
                + "3a06" + "0a01" + hex("z") + "1201" + hex("1");
        assertThat(HexFormat.of().formatHex(EnvelopeCodec.encode(p))).isEqualTo(expected);
    }

    @Test
    void decode_rejectsWhatIsNotAnEnvelopeWithEinval() {
        byte[] elf = GuestObjects.object("main.o").bytes();
        byte[] good = EnvelopeCodec.encode(Samples.envelope(elf));
        assertEinval(elf, "is not a payload envelope");
        assertEinval(Arrays.copyOf(good, good.length - 1), "is not a payload envelope");
        assertEinval(new byte[0], "has format version 0");
        assertEinval(proto(b -> b.setFormatVersion(3)), "has format version 3; this quiesce reads versions 1 and 2");
        assertEinval(proto(b -> b.setFormatVersion(-1)), "has format version 4294967295");
        assertEinval(proto(b -> b.setName("a b")), "payload name 'a b' has ' ' at index 1");
        assertEinval(proto(b -> b.clearDepends()), "has an empty depends");
        assertEinval(proto(b -> b.setSignature(ByteString.copyFrom(new byte[64]))), "a signature needs its public key");
        assertEinval(proto(b -> b.setSignature(ByteString.copyFrom(new byte[3])).setPublicKey(ByteString.copyFrom(new byte[44]))),
                "an Ed25519 signature is 64 bytes, this one is 3");
        assertEinval(new byte[EnvelopeCodec.MAX_ENVELOPE_BYTES + 1], "an envelope is at most");
    }

    private static byte[] proto(java.util.function.UnaryOperator<EnvelopeProto.SignedPayload.Builder> edit) {
        byte[] good = EnvelopeCodec.encode(Samples.envelope(new byte[]{1}));
        try {
            return edit.apply(EnvelopeProto.SignedPayload.parseFrom(good).toBuilder()).build().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertEinval(byte[] bytes, String message) {
        assertThatThrownBy(() -> EnvelopeCodec.decode(bytes)).isInstanceOfSatisfying(PayloadException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EINVAL);
            assertThat(e.getMessage()).contains(message).contains("quiesce payload sign");
        });
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
