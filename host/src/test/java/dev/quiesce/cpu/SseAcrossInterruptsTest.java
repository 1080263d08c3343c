package dev.quiesce.cpu;

import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestProgram;
import dev.quiesce.host.HostMachine;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.interrupt.InterruptSource;
import dev.quiesce.random.SeedStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gcc-compiled loop of double arithmetic, interrupted by IRQs whose handler clobbers every XMM register and MXCSR's
 * rounding mode: the loop computes the right sums only when the program saves the SSE state around interrupts.
 */
class SseAcrossInterruptsTest {

    static final int N = 20_000;

    /**
     * The loop runs with flush-to-zero set and keeps its sums in XMM registers; the handler records the MXCSR it
     * starts with, zeroes XMM0–15 and sets round-toward-zero.
     */
    static final String SOURCE = """
            void check_for_livepatch_work(unsigned cpu);
            volatile double sum_half, sum_tenth;
            volatile unsigned long sse_done, irqs_seen;
            volatile unsigned handler_mxcsr, main_mxcsr;
            void sse_main(unsigned cpu)
            {
                double half = 0.0, tenth = 0.0;
                unsigned ftz = 0x9F80; /* MXCSR's default plus flush-to-zero: no sum here underflows */
                __asm__ volatile("ldmxcsr %%0" : : "m"(ftz));
                for (unsigned long i = 0; i < %d; i++) {
                    half += 0.5;
                    tenth += 0.1;
                }
                sum_half = half;
                sum_tenth = tenth;
                unsigned m;
                __asm__ volatile("stmxcsr %%0" : "=m"(m));
                main_mxcsr = m;
                sse_done = 1;
                for (;;)
                    check_for_livepatch_work(cpu);
            }
            void sse_irq(unsigned vector, unsigned cpu)
            {
                unsigned m, rz = 0x7F80;
                (void)vector; (void)cpu;
                __asm__ volatile("stmxcsr %%0" : "=m"(m));
                handler_mxcsr = m;
                irqs_seen++;
                __asm__ volatile("pxor %%%%xmm0,%%%%xmm0\\n\\tpxor %%%%xmm1,%%%%xmm1\\n\\tpxor %%%%xmm2,%%%%xmm2\\n\\t"
                                 "pxor %%%%xmm3,%%%%xmm3\\n\\tpxor %%%%xmm4,%%%%xmm4\\n\\tpxor %%%%xmm5,%%%%xmm5\\n\\t"
                                 "pxor %%%%xmm6,%%%%xmm6\\n\\tpxor %%%%xmm7,%%%%xmm7\\n\\tpxor %%%%xmm8,%%%%xmm8\\n\\t"
                                 "pxor %%%%xmm9,%%%%xmm9\\n\\tpxor %%%%xmm10,%%%%xmm10\\n\\tpxor %%%%xmm11,%%%%xmm11\\n\\t"
                                 "pxor %%%%xmm12,%%%%xmm12\\n\\tpxor %%%%xmm13,%%%%xmm13\\n\\tpxor %%%%xmm14,%%%%xmm14\\n\\t"
                                 "pxor %%%%xmm15,%%%%xmm15\\n\\tldmxcsr %%0"
                                 : : "m"(rz) : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
                                   "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
            }
            """.formatted(N);

    static final GuestObject SSE_O = Gcc.compile("sse", SOURCE);

    static GuestProgram program(boolean saveSse) {
        List<GuestObject> objects = new ArrayList<>(GuestProgram.builtIn().objects());
        objects.add(SSE_O);
        return GuestProgram.builtIn().withObjects(objects).withEntry("sse_main")
                .withHandlers("sse_irq", "nmi_handler", "mce_handler").withSaveSse(saveSse);
    }

    /** An IRQ every 400 ns for the first 100 µs. */
    static InterruptSchedule irqs() {
        long[] at = new long[250];
        for (int i = 0; i < at.length; i++) {
            at[i] = 1_000 + 400L * i;
        }
        return new InterruptSchedule(List.of(new InterruptSource("device", InterruptKind.IRQ, 0x30, CpuTest.at(at))));
    }

    record Outcome(double half, double tenth, long irqs, int handlerMxcsr, int mainMxcsr, boolean done) {
    }

    static Outcome run(boolean saveSse) {
        try (HostMachine m = HostMachine.boot(CpuTest.settings("quiesce.host.cpus = 1").withGuest(program(saveSse)),
                SeedStream.root(3).child("host", 0)); Cpu cpu = new Cpu(0, m, irqs())) {
            List<CpuEvent> events = new ArrayList<>();
            cpu.runUntil(400_000, events);
            assertThat(CpuTest.of(events, CpuEvent.Fault.class)).isEmpty();
            return new Outcome(Double.longBitsToDouble(m.memory().readU64(m.address("sum_half"))),
                    Double.longBitsToDouble(m.memory().readU64(m.address("sum_tenth"))),
                    m.memory().readU64(m.address("irqs_seen")), m.memory().readU32(m.address("handler_mxcsr")),
                    m.memory().readU32(m.address("main_mxcsr")), m.memory().readU64(m.address("sse_done")) == 1);
        }
    }

    /** The sums as IEEE doubles rounding to nearest compute them (what SSE2's addsd does under MXCSR's default). */
    static double sum(double step) {
        double s = 0;
        for (int i = 0; i < N; i++) {
            s += step;
        }
        return s;
    }

    @Test
    void withSaveSseTheInterruptedLoopComputesTheRightSums() {
        Outcome o = run(true);
        assertThat(o.done()).isTrue();
        assertThat(o.irqs()).as("the loop was interrupted throughout").isEqualTo(250);
        assertThat(o.half()).isEqualTo(N * 0.5);
        assertThat(o.tenth()).isEqualTo(sum(0.1));
        assertThat(o.handlerMxcsr()).as("the handler starts with MXCSR's default").isEqualTo(0x1F80);
        assertThat(o.mainMxcsr()).as("the interrupted code gets its MXCSR back").isEqualTo(0x9F80);
    }

    @Test
    void withoutSaveSseTheHandlerCorruptsTheInterruptedFloatingPoint() {
        Outcome o = run(false);
        assertThat(o.done()).isTrue();
        assertThat(o.irqs()).isEqualTo(250);
        assertThat(o.half()).isLessThan(N * 0.5);
        assertThat(o.tenth()).isNotEqualTo(sum(0.1));
        assertThat(o.mainMxcsr()).as("round toward zero leaked from the handler").isEqualTo(0x7F80);
    }
}
