package dev.quiesce.emulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.emulator.call.GuestFault;
import dev.quiesce.emulator.unicorn.FaultKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime under Unicorn: its packed SSE2 code runs and sees the MXCSR a user guest's CPU boots with, and
 * assert/abort trap with their message in {@code quiesce_assert_message}.
 */
class RuntimeSseTest {

    private static RuntimeGuest guest;

    @BeforeAll
    static void build() {
        guest = RuntimeGuest.build();
    }

    @AfterAll
    static void close() {
        guest.close();
    }

    private static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    @Test
    void packedSse2ComputesTheDotProductAndSeesTheBootMxcsr() {
        guest.resetScratch();
        double[] x = {1.5, -2.25, 3.0, 0.1, 7.0};
        double[] y = {2.0, 4.0, -1.0, 10.0, 0.5};
        long a = guest.put(doubles(x));
        long b = guest.put(doubles(y));
        long bits = guest.call("p_sse_dot", a, b, x.length, 0, guest.out());
        double expected = (x[0] * y[0] + x[2] * y[2]) + (x[1] * y[1] + x[3] * y[3]) + x[4] * y[4];
        assertThat(Double.longBitsToDouble(bits)).isEqualTo(expected);
        assertThat(guest.memory().readU32(guest.out())).as("MXCSR as a saveSse CPU boots: exceptions masked, round to nearest")
                .isEqualTo(0x1f80);
    }

    @Test
    void aFailedAssertTrapsAtUd2WithTheMessageInQuiesceAssertMessage() {
        assertThat(guest.call("p_assert", 0, 0, 42, 0, 0)).isEqualTo(42);
        assertThatThrownBy(() -> guest.call("p_assert", 0, 0, 7, 0, 0))
                .isInstanceOfSatisfying(GuestFault.class, f -> {
                    assertThat(f.kind()).isEqualTo(FaultKind.INVALID_INSTRUCTION);
                    assertThat(guest.image().symbols().symbolize(f.pc())).startsWith("__quiesce_assert_fail");
                });
        assertThat(GuestCall.readCString(guest.memory(), guest.address("quiesce_assert_message"), 256))
                .isEqualTo("probe.c:" + lineOf("assert(x == 42);") + ": p_assert: Assertion `x == 42' failed.");
    }

    private static int lineOf(String text) {
        try (var in = RuntimeSseTest.class.getResourceAsStream("/runtime-probe/probe.c")) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
            throw new AssertionError(text + " not in probe.c");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void abortTrapsWithItsMessage() {
        assertThatThrownBy(() -> guest.call("p_abort", 0, 0, 0, 0, 0))
                .isInstanceOfSatisfying(GuestFault.class, f -> assertThat(f.kind()).isEqualTo(FaultKind.INVALID_INSTRUCTION));
        assertThat(GuestCall.readCString(guest.memory(), guest.address("quiesce_assert_message"), 256))
                .isEqualTo("abort() called");
    }
}
