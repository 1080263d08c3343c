package dev.quiesce.bench;

import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import dev.quiesce.emulator.unicorn.X86Reg;
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

import java.util.concurrent.TimeUnit;

/**
 * What an interrupt's register save and restore costs on one engine, without running guest code: the general context
 * alone (16 GPRs, RIP, RFLAGS: one {@code uc_reg_read_batch} and one {@code uc_reg_write_batch}), and the same plus
 * the SSE state a {@code saveSse} program's interrupts save (XMM0–15 and MXCSR: another batch read and write, and the
 * MXCSR load a handler's entry does when the interrupted code's MXCSR is not the default). The difference is the SSE save's own cost per interrupt; compare it with the
 * ~1–3 µs of a whole injection ({@link InterruptInjectionBenchmark}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SseSaveBenchmark {

    private UnicornEngine engine;
    private long[] general;
    private long[] sse;

    @Setup(Level.Trial)
    public void setUp() {
        engine = UnicornEngines.open();
        general = engine.registerState().newRegisterFile();
        sse = engine.registerState().newSseFile();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public long generalContext() {
        engine.registerState().saveRegisters(general);
        engine.registerState().restoreRegisters(general);
        return general[0];
    }

    @Benchmark
    public long generalAndSseContext() {
        engine.registerState().saveRegisters(general);
        engine.registerState().saveSse(sse);
        engine.writeReg(X86Reg.MXCSR, 0x1F80);
        engine.registerState().restoreRegisters(general);
        engine.registerState().restoreSse(sse);
        return general[0] + sse[0];
    }
}
