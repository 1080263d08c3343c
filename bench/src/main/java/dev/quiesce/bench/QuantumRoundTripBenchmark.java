package dev.quiesce.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.quiesce.host.actor.HostActor;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostSettings;
import dev.quiesce.random.SeedStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One lockstep quantum of a host, end to end: the {@link HostActor} tells every CPU actor to run
 * its slice, each CPU runs its Unicorn engine to the quantum end and files its events at the quantum's barrier, the
 * host merges and hashes them and starts the next quantum. An invocation asks the host to
 * {@link HostActor.Advance advance} {@value #QUANTA} quanta, so the score is the wall-clock time of
 * one quantum round trip. With a 10ns quantum (~40 guest instructions per CPU) the score is the
 * lockstep's fixed overhead; with 1us (the default, ~4000 instructions) the realistic cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QuantumRoundTripBenchmark {

    /** Quanta per benchmark invocation. */
    static final int QUANTA = 100;
    private static final long SEED = 0x5eedL;
    private static final int DISPATCHER_THREADS = 2;

    /** Emulated CPUs of the host. */
    @Param({"8", "64"})
    public int cpus;

    /** Lockstep quantum, in the syntax of {@code quiesce.host.quantum}. */
    @Param({"10ns", "1us"})
    public String quantum;

    private HostMachine machine;
    private ActorSystem<HostActor.Command> system;
    private long quantumNs;
    private long nowNs;

    @Setup(Level.Trial)
    public void setUp() {
        Config config = ConfigFactory.parseString("quiesce.host.quantum = " + quantum)
                .withFallback(ConfigFactory.load());
        HostSettings settings = HostSettings.from(config).withCpus(cpus);
        quantumNs = settings.quantumNs();
        machine = HostMachine.boot(settings, SeedStream.root(SEED).child("host", 0));
        Config actors = HostRunner.actorSystemConfig(DISPATCHER_THREADS);
        system = ActorSystem.create(HostActor.create(machine, SEED, Long.MAX_VALUE / 4),
                "quiesce-bench", actors);
        nowNs = 0;
    }

    /** Runs {@value #QUANTA} quanta and returns the virtual time reached. */
    @Benchmark
    @OperationsPerInvocation(QUANTA)
    public long advance() {
        long until = nowNs + QUANTA * quantumNs;
        nowNs = AskPattern.<HostActor.Command, Long>askWithStatus(system,
                        replyTo -> new HostActor.Advance(until, replyTo),
                        Duration.ofMinutes(10), system.scheduler())
                .toCompletableFuture().join();
        return nowNs;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
            system = null;
        }
        if (machine != null) {
            machine.close();
            machine = null;
        }
    }
}
