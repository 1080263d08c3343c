package dev.quiesce.payload.envelope;

import dev.quiesce.elf.BuildId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SignedContentTest {

    @Test
    void format2_isTheDocumentedCanonicalEncoding_byteForByte() {
        SignedPayload p = new SignedPayload("ab", new byte[]{0x7f, 'E'}, new BuildId(new byte[]{1}),
                new BuildId(new byte[]{2, 3}), Optional.of(new BuildId(new byte[]{4})),
                Map.of("z", "1", "a", "22"), Optional.empty(), Optional.empty());
        String expected = hex("quiesce-payload-envelope") + "00" + "00000002"
                + "00000002" + hex("ab")
                + "00000001" + "01"
                + "00000002" + "0203"
                + "01" + "00000001" + "04"
                + "00000002"
                + "00000001" + hex("a") + "00000002" + hex("22")
                + "00000001" + hex("z") + "00000001" + hex("1")
                + "00000002" + "7f45";
        assertThat(HexFormat.of().formatHex(SignedContent.of(p))).isEqualTo(expected);
    }

    @Test
    void metadataIsSortedByUtf8Bytes_andAbsentXenDependsIsAZeroByte() {
        // U+FF21 sorts before U+1F600 as UTF-16 code units (0xFF21 > 0xD83D is false) but after it as UTF-8 bytes? No:
        // UTF-8 of U+FF21 is EF BC A1, of U+1F600 is F0 9F 98 80, so UTF-8 order puts U+FF21 first, UTF-16 order second.
        String fullwidth = "\uFF21";
        String emoji = new String(Character.toChars(0x1F600));
        SignedPayload p = new SignedPayload("n", new byte[]{1}, new BuildId(new byte[]{1}), new BuildId(new byte[]{1}),
                Optional.empty(), Map.of(emoji, "e", fullwidth, "f"), Optional.empty(), Optional.empty());
        String hex = HexFormat.of().formatHex(SignedContent.of(p));
        assertThat(hex).contains("00000001" + "01" + "00" + "00000002"
                + "00000003" + "efbca1" + "00000001" + hex("f")
                + "00000004" + "f09f9880" + "00000001" + hex("e"));
    }

    @Test
    void format1_coversTheElfAlone() {
        SignedPayload v1 = new SignedPayload("n", new byte[]{5, 6}, new BuildId(new byte[]{1}), new BuildId(new byte[]{1}),
                Optional.empty(), Map.of("k", "v"), Optional.empty(), Optional.empty(), SignedPayload.LEGACY_VERSION);
        assertThat(SignedContent.of(v1)).containsExactly(5, 6);
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
