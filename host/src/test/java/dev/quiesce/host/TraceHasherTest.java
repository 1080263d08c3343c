package dev.quiesce.host;

import dev.quiesce.cpu.CpuEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace hash's header and framing are pinned; an encoded note is framed, so it cannot pose as CPU events. */
class TraceHasherTest {

    private static TraceHasher sample() {
        TraceHasher h = new TraceHasher();
        h.add(new CpuEvent.Quiescence(1000, 1, 2, 0x401000L));
        h.addEncoded(new byte[] {0x20, 0x01});
        h.addCounter(1, 42);
        return h;
    }

    @Test
    void aSmallTraceHashesToItsGolden() {
        TraceHasher h = sample();
        assertThat(h.events()).isEqualTo(2);
        assertThat(h.finish()).isEqualTo("4385037291747e74e0e5da7121e48d816471b30f0284958acfbfe42273dd3a34");
    }

    @Test
    void aNoteHoldingACpuEventsBytesHashesDifferentlyFromTheEvent() {
        CpuEvent q = new CpuEvent.Quiescence(1000, 1, 2, 0x401000L);
        TraceHasher asEvent = new TraceHasher();
        asEvent.add(q);
        TraceHasher asNote = new TraceHasher();
        byte[] bytes = CpuEventEncoding.encode(q);
        asNote.addEncoded(java.util.Arrays.copyOf(bytes, 3));
        asNote.addEncoded(java.util.Arrays.copyOfRange(bytes, 3, bytes.length));
        assertThat(asNote.finish()).isNotEqualTo(asEvent.finish());
    }
}
