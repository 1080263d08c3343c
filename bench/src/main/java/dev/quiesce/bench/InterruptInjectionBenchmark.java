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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one interrupt injection: one {@link Cpu} (no actors) advances 100ns of virtual time
 * per operation (~400 guest instructions at the default 250 ps each), with no interrupts, with a
 * 100ns periodic timer IRQ (one IRQ per operation: save the context, switch to the interrupt stack,
 * run the guest's {@code irq_handler}, restore), the same IRQ with the SSE state (XMM0–15, MXCSR) saved and restored
 * too, or with a 100ns periodic NMI ({@code nmi_handler}).
 * The difference of scores is the cost of one injection, handler and return. The short operation
 * keeps the guest's own work small next to the injection, so the difference stands out of the noise.
 *
 * <p>Every state boots a one-CPU host with the default settings except that the workload has no
 * interrupts-off sections, so no IRQ waits or coalesces and each operation injects exactly one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InterruptInjectionBenchmark {

    /** Virtual time per operation, and the period of the interrupt sources. */
    static final long STEP_NS = 100;
    private static final long SEED = 0x5eedL;

    /** A booted one-CPU host and its CPU with a given interrupt schedule. */
    @State(Scope.Thread)
    public abstract static class CpuState {
        HostMachine machine;
        Cpu cpu;
        final List<CpuEvent> events = new ArrayList<>();

        abstract InterruptSchedule schedule(SeedStream cpuStream);

        /** Whether the interrupts save the SSE state ({@code GuestProgram.saveSse}). */
        boolean saveSse() {
            return false;
        }

        @Setup(Level.Trial)
        public void setUp() {
            SeedStream host = SeedStream.root(SEED).child("host", 0);
            HostSettings settings = HostSettings.from(ConfigFactory.parseString(
                    "quiesce.host { cpus = 1, workload.weight-irqs-off = 0 }").withFallback(ConfigFactory.load()));
            machine = HostMachine.boot(settings.withGuest(settings.guest().withSaveSse(saveSse())), host);
            cpu = new Cpu(0, machine, schedule(host.child("cpu", 0)));
        }

        /** Advances the CPU {@value #STEP_NS} ns of virtual time; returns the event count. */
        int step() {
            events.clear();
            cpu.runUntil(cpu.nowNs() + STEP_NS, events);
            return events.size();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (cpu != null) {
                if (cpu.halted()) {
                    throw new IllegalStateException("CPU halted: " + events);
                }
                cpu.close();
                cpu = null;
            }
            if (machine != null) {
                machine.close();
                machine = null;
            }
        }
    }

    /** No interrupt sources. */
    public static class NoInterrupts extends CpuState {
        @Override
        InterruptSchedule schedule(SeedStream cpuStream) {
            return InterruptSchedule.none();
        }
    }

    /** A local timer IRQ every {@value #STEP_NS} ns. */
    public static class TimerIrq extends CpuState {
        @Override
        InterruptSchedule schedule(SeedStream cpuStream) {
            return new InterruptSchedule(List.of(new InterruptSource("timer", InterruptKind.IRQ,
                    HostInterrupts.TIMER_VECTOR, new Periodic(STEP_NS, cpuStream.child("irq.timer").random()))));
        }
    }

    /** A local timer IRQ every {@value #STEP_NS} ns, each saving and restoring XMM0–15 and MXCSR too. */
    public static class TimerIrqSavingSse extends TimerIrq {
        @Override
        boolean saveSse() {
            return true;
        }
    }

    /** An NMI every {@value #STEP_NS} ns. */
    public static class PeriodicNmi extends CpuState {
        @Override
        InterruptSchedule schedule(SeedStream cpuStream) {
            return new InterruptSchedule(List.of(new InterruptSource("nmi", InterruptKind.NMI,
                    HostInterrupts.NMI_VECTOR, new Periodic(STEP_NS, cpuStream.child("nmi").random()))));
        }
    }

    @Benchmark
    public int withoutInterrupts(NoInterrupts s) {
        return s.step();
    }

    @Benchmark
    public int withOneIrqPerOp(TimerIrq s) {
        return s.step();
    }

    @Benchmark
    public int withOneIrqPerOpSavingSse(TimerIrqSavingSse s) {
        return s.step();
    }

    @Benchmark
    public int withOneNmiPerOp(PeriodicNmi s) {
        return s.step();
    }
}
