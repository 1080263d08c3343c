package dev.quiesce.payload.envelope;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The bytes an envelope's Ed25519 signature covers (docs/trust.md §2): in format
 * {@value SignedPayload#FORMAT_VERSION}, a canonical encoding of everything the envelope asserts; in
 * format {@value SignedPayload#LEGACY_VERSION}, the ELF bytes alone.
 *
 * <p>The format-2 encoding is independent of protobuf (whose encoding of the same message is not
 * unique), so any implementation can rebuild it: the ASCII tag {@value #TAG} and a NUL, then the
 * format version as a 4-byte big-endian integer, then in this order {@code name} (UTF-8),
 * {@code build_id}, {@code depends}, {@code xen_depends} (a 0 byte when absent, else a 1 byte and the
 * field), the number of metadata entries (4 bytes) and each entry's key and value (UTF-8) sorted by
 * the key's UTF-8 bytes (unsigned), and last the ELF. Every variable-length field is preceded by its
 * length as a 4-byte big-endian integer, so no two different envelopes encode alike.
 */
public final class SignedContent {

    /** Separates these bytes from anything else the same key might sign. */
    public static final String TAG = "quiesce-payload-envelope";

    private SignedContent() {
    }

    /** What {@code p}'s signature covers, for its format version. */
    public static byte[] of(SignedPayload p) {
        if (p.signsOnlyElf()) {
            return p.elf();
        }
        Out out = new Out();
        out.raw(TAG.getBytes(StandardCharsets.US_ASCII));
        out.raw(new byte[]{0});
        out.u32(p.formatVersion());
        out.field(utf8(p.name()));
        out.field(p.buildId().bytes());
        out.field(p.depends().bytes());
        if (p.xenDepends().isPresent()) {
            out.raw(new byte[]{1});
            out.field(p.xenDepends().get().bytes());
        } else {
            out.raw(new byte[]{0});
        }
        List<byte[][]> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : p.metadata().entrySet()) {
            entries.add(new byte[][]{utf8(e.getKey()), utf8(e.getValue())});
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        out.u32(entries.size());
        for (byte[][] e : entries) {
            out.field(e[0]);
            out.field(e[1]);
        }
        out.field(p.elf());
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A byte buffer with the encoding's two primitives. */
    private static final class Out extends ByteArrayOutputStream {

        void raw(byte[] b) {
            write(b, 0, b.length);
        }

        void u32(int v) {
            raw(new byte[]{(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        }

        void field(byte[] b) {
            u32(b.length);
            raw(b);
        }
    }
}
