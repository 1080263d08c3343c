package dev.quiesce.bench;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.host.FramedEvents;
import dev.quiesce.host.HostLockstep;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.host.TraceHasher;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.random.SeedStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's serial step between two quanta, on the events of a real run: {@value #QUANTA} quanta of the built-in
 * guest on {@code cpus} CPUs (default settings, 1 µs quanta, recorded once per trial), replayed through a
 * {@link HostLockstep} — every CPU's report accepted, the quantum put in trace order, hashed and counted. The score
 * is the time per quantum, during which every other dispatcher thread waits.
 * <ul>
 *   <li>{@code sortAndHashEachEvent}: the step as it was — all events in one list, a full sort by
 *       {@link HostLockstep#ORDER}, each event encoded and given to the digest on its own and counted by a type
 *       switch (the baseline);</li>
 *   <li>{@code mergeEncodeHere}: the merge of the CPUs' own orders and one digest update per quantum, the events
 *       encoded on the host's thread (how a caller without pre-encoded events, such as a stepped host, does it);</li>
 *   <li>{@code mergePreEncoded}: the same with the bytes the CPU actors encoded on their own threads, in parallel
 *       (what {@code HostActor} does).</li>
 * </ul>
 * All three give the same trace hash (checked in setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LockstepBoundaryBenchmark {

    /** Quanta recorded and replayed per invocation. */
    static final int QUANTA = 500;
    private static final long SEED = 0x5eedL;

    /** Emulated CPUs of the recorded host. */
    @Param({"8", "64"})
    public int cpus;

    private long quantumNs;
    private List<List<List<CpuEvent>>> quanta;
    private List<FramedEvents[]> framed;

    @Setup(Level.Trial)
    public void record() {
        HostSettings settings = HostSettings.defaults().withCpus(cpus);
        quantumNs = settings.quantumNs();
        quanta = new ArrayList<>();
        try (HostMachine m = HostMachine.boot(settings, SeedStream.root(SEED).child("host", 0))) {
            HostRunner.run(m, new QuantumHook() {
                @Override
                public void afterQuantum(long nowNs, List<CpuEvent> events, HostLockstep lockstep, Controls out) {
                    List<List<CpuEvent>> perCpu = new ArrayList<>();
                    for (int c = 0; c < cpus; c++) {
                        perCpu.add(new ArrayList<>());
                    }
                    events.forEach(e -> perCpu.get(e.cpu()).add(e));
                    quanta.add(perCpu);
                }
            }, SEED, QUANTA * quantumNs, 2);
        }
        framed = new ArrayList<>();
        for (List<List<CpuEvent>> q : quanta) {
            FramedEvents[] f = new FramedEvents[cpus];
            for (int c = 0; c < cpus; c++) {
                f[c] = new FramedEvents().addAll(q.get(c));
            }
            framed.add(f);
        }
        String a = sortAndHashEachEvent();
        String b = mergeEncodeHere();
        String c = mergePreEncoded();
        if (!a.equals(b) || !a.equals(c)) {
            throw new IllegalStateException("the three ways hash differently: " + a + " " + b + " " + c);
        }
    }

    /** The baseline: one list, a full sort, every event hashed on its own. */
    @Benchmark
    @OperationsPerInvocation(QUANTA)
    public String sortAndHashEachEvent() {
        TraceHasher hasher = new TraceHasher();
        List<CpuEvent> all = new ArrayList<>();
        for (List<List<CpuEvent>> q : quanta) {
            all.clear();
            for (List<CpuEvent> events : q) {
                all.addAll(events);
            }
            all.sort(HostLockstep.ORDER);
            for (CpuEvent e : all) {
                hasher.add(e);
                count(e);
            }
        }
        return counted(hasher);
    }

    private final long[] counts = new long[8];

    /** The lockstep's per-event count as it was: a type switch on every event. */
    private void count(CpuEvent e) {
        switch (e) {
            case CpuEvent.Quiescence q -> counts[0] += q.time();
            case CpuEvent.InterruptEntry i -> counts[1 + i.kind().ordinal()]++;
            case CpuEvent.InterruptLost i -> counts[4]++;
            case CpuEvent.NmiSwallowed n -> counts[4]++;
            case CpuEvent.Fault f -> counts[5]++;
            default -> counts[6]++;
        }
    }

    /** The merge, encoding on this thread. */
    @Benchmark
    @OperationsPerInvocation(QUANTA)
    public String mergeEncodeHere() {
        return replay(false);
    }

    /** The merge over bytes the CPUs encoded. */
    @Benchmark
    @OperationsPerInvocation(QUANTA)
    public String mergePreEncoded() {
        return replay(true);
    }

    private String replay(boolean preEncoded) {
        HostLockstep lockstep = new HostLockstep(cpus, quantumNs, QUANTA * quantumNs);
        for (int k = 0; k < quanta.size(); k++) {
            lockstep.beginQuantum();
            for (int c = 0; c < cpus; c++) {
                lockstep.accept(c, quanta.get(k).get(c), preEncoded ? framed.get(k)[c] : null, 0);
            }
        }
        return lockstep.report(SEED, "bench").traceHash();
    }

    /** The baseline's hash as the lockstep would end it (every CPU's retired counter, here 0). */
    private String counted(TraceHasher hasher) {
        for (int c = 0; c < cpus; c++) {
            hasher.addCounter(c, 0);
        }
        return hasher.finish();
    }
}
