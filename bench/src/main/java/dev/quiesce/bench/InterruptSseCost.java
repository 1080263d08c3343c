package dev.quiesce.bench;

import com.typesafe.config.ConfigFactory;
import dev.quiesce.cpu.Cpu;
import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.HostInterrupts;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;
import dev.quiesce.interrupt.InterruptSource;
import dev.quiesce.interrupt.Periodic;
import dev.quiesce.random.SeedStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The macro cost of saving the SSE state around interrupts, robust to a loaded machine: three one-CPU hosts of the
 * built-in guest advance 100 ns of virtual time per step — no interrupts, a timer IRQ every 100 ns, the same IRQ with
 * {@code saveSse} — in short interleaved bursts, and the fastest burst of each is kept (a burst a busy machine slows
 * down only ever loses). Prints ns per step, per IRQ, and the interrupts per second each sustains.
 * Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.quiesce.bench.InterruptSseCost [bursts]}.
 */
@dev.quiesce.time.SuppressForbidden("a benchmark measures wall-clock time")
public final class InterruptSseCost {

    private static final long STEP_NS = 100;
    private static final int STEPS_PER_BURST = 200;

    private InterruptSseCost() {
    }

    public static void main(String[] args) {
        int bursts = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        List<HostMachine> machines = new ArrayList<>();
        try {
            Cpu[] cpus = {cpu(false, false, machines), cpu(true, false, machines), cpu(true, true, machines)};
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
            List<CpuEvent> events = new ArrayList<>();
            for (int b = 0; b < bursts; b++) {
                for (int k = 0; k < cpus.length; k++) {
                    Cpu c = cpus[k];
                    long t0 = System.nanoTime(); // forbidden-ok: a benchmark measures wall-clock time
                    for (int i = 0; i < STEPS_PER_BURST; i++) {
                        events.clear();
                        c.runUntil(c.nowNs() + STEP_NS, events);
                    }
                    long ns = System.nanoTime() - t0; // forbidden-ok: a benchmark measures wall-clock time
                    best[k] = Math.min(best[k], ns / STEPS_PER_BURST);
                }
            }
            long irq = best[1] - best[0];
            long sse = best[2] - best[0];
            System.out.printf(Locale.ROOT, "ns per %d ns step: no interrupts %d, one IRQ %d, one IRQ saving SSE %d%n",
                    STEP_NS, best[0], best[1], best[2]);
            System.out.printf(Locale.ROOT, "per IRQ: %d ns, saving SSE %d ns (+%d ns, x%.2f); IRQs per second: %.0f vs %.0f%n",
                    irq, sse, sse - irq, (double) sse / irq, 1e9 / best[1], 1e9 / best[2]);
            for (Cpu c : cpus) {
                c.close();
            }
        } finally {
            machines.forEach(HostMachine::close);
        }
    }

    private static Cpu cpu(boolean irqs, boolean saveSse, List<HostMachine> machines) {
        SeedStream host = SeedStream.root(0x5eedL).child("host", 0);
        HostSettings s = HostSettings.from(ConfigFactory.parseString(
                "quiesce.host { cpus = 1, workload.weight-irqs-off = 0 }").withFallback(ConfigFactory.load()));
        HostMachine m = HostMachine.boot(s.withGuest(s.guest().withSaveSse(saveSse)), host);
        machines.add(m);
        InterruptSchedule schedule = !irqs ? InterruptSchedule.none() : new InterruptSchedule(List.of(
                new InterruptSource("timer", InterruptKind.IRQ, HostInterrupts.TIMER_VECTOR,
                        new Periodic(STEP_NS, host.child("cpu", 0).child("irq.timer").random()))));
        return new Cpu(0, m, schedule);
    }
}
