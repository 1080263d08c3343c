package dev.quiesce.cpu;

import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.guest.GuestObject;
import dev.quiesce.guest.GuestProgram;
import dev.quiesce.host.HostMachine;
import dev.quiesce.host.HostReport;
import dev.quiesce.host.HostSettings;
import dev.quiesce.host.QuantumHook;
import dev.quiesce.host.actor.HostRunner;
import dev.quiesce.random.SeedStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Private per-CPU data: the writable sections of the objects a program names private are one copy per CPU, each
 * CPU's engine mapping its own at the same guest address, initialised from the linked image.
 */
class PrivatePerCpuDataTest {

    /** Private: an initialised counter (.data) and a zeroed one (.bss). */
    static final String COUNTER = """
            unsigned long private_counter = 1000;
            unsigned long private_zeroed;
            unsigned long read_counter(void) { return private_counter; }
            """;

    /**
     * Shared: each CPU counts its own loop iterations in a shared array and increments the private counters; how often
     * it reaches the quiescence point depends on the counter's value, so a shared counter would make the trace depend
     * on the threads' timing.
     */
    static final String LOOP = """
            extern volatile unsigned long private_counter, private_zeroed;
            void check_for_livepatch_work(unsigned cpu);
            volatile unsigned long own_increments[256];
            void counter_main(unsigned cpu)
            {
                for (;;) {
                    own_increments[cpu]++;
                    private_counter++;
                    private_zeroed += cpu + 1;
                    if ((private_counter & 3) == 0)
                        check_for_livepatch_work(cpu);
                }
            }
            """;

    static final GuestObject COUNTER_O = Gcc.compile("counter", COUNTER);
    static final GuestObject LOOP_O = Gcc.compile("loop", LOOP);

    static GuestProgram program(boolean priv) {
        List<GuestObject> objects = new ArrayList<>(GuestProgram.builtIn().objects());
        objects.add(COUNTER_O);
        objects.add(LOOP_O);
        return GuestProgram.builtIn().withObjects(objects).withEntry("counter_main")
                .withPrivateObjects(priv ? Set.of("counter.o") : Set.of());
    }

    static HostSettings settings(int cpus, boolean priv) {
        return CpuTest.settings("quiesce.host { cpus = " + cpus + ", interrupts.nmi-rate-per-ms = 20 }")
                .withGuest(program(priv));
    }

    @Test
    void eachCpusCopyCountsOnlyItsOwnIncrements() {
        try (HostMachine m = HostMachine.boot(settings(3, true), SeedStream.root(7).child("host", 0))) {
            HostReport r = HostRunner.run(m, QuantumHook.NONE, 7, 300_000, 2);
            assertThat(r.cpus()).allSatisfy(c -> assertThat(c.faults()).isZero());
            long own = m.address("own_increments");
            long total = 0;
            for (int cpu = 0; cpu < 3; cpu++) {
                long n = m.memory().readU64(own + 8L * cpu);
                total += n;
                long counter = m.readPrivateU64(cpu, "private_counter");
                assertThat(counter - 1000 - n).as("cpu %d", cpu).isBetween(-1L, 0L); // stopped between the two ++
                assertThat(m.readPrivateU64(cpu, "private_zeroed")).isBetween((cpu + 1) * (n - 1), (cpu + 1) * n);
            }
            assertThat(m.readPrivateU64(0, "private_counter") - 1000).as("not everyone's").isLessThan(total - 2);
            assertThat(m.memory().readU64(m.address("private_counter")))
                    .as("a host read names no CPU: CPU 0's copy").isEqualTo(m.readPrivateU64(0, "private_counter"));
            // a payload hook (GuestCall) runs on CPU 0's copy too
            long viaCall = new GuestCall(m.memory(), m.stackTop(0) - 4096, m.interruptReturn())
                    .call(m.address("read_counter"));
            assertThat(viaCall).isEqualTo(m.readPrivateU64(0, "private_counter"));
        }
    }

    @Test
    void withoutPrivateObjectsTheCounterIsSharedByAllCpus() {
        try (HostMachine m = HostMachine.boot(settings(3, false), SeedStream.root(7).child("host", 0))) {
            HostRunner.run(m, QuantumHook.NONE, 7, 300_000, 1);
            long own = m.address("own_increments");
            long shared = m.memory().readU64(m.address("private_counter")) - 1000;
            long total = 0;
            for (int cpu = 0; cpu < 3; cpu++) {
                long n = m.memory().readU64(own + 8L * cpu);
                total += n;
                // every CPU's increments land in the one counter (some are lost when a quantum ends between a CPU's
                // load and its store: exactly the timing dependence private copies remove)
                assertThat(shared).as("cpu %d", cpu).isGreaterThan(n + 1);
            }
            assertThat(shared).isLessThanOrEqualTo(total);
            assertThat(m.memory().hasPrivate()).isFalse();
        }
    }

    @Test
    void theHostWritesOneCpusCopyOnly() {
        try (HostMachine m = HostMachine.boot(settings(2, true), SeedStream.root(1).child("host", 0))) {
            long a = m.address("private_counter");
            assertThat(m.readPrivateU64(1, "private_counter")).as("initialised from the image").isEqualTo(1000);
            m.writePrivate(1, a, new byte[] {7, 0, 0, 0, 0, 0, 0, 0});
            assertThat(m.readPrivateU64(1, "private_counter")).isEqualTo(7);
            assertThat(m.readPrivateU64(0, "private_counter")).isEqualTo(1000);
            assertThat(m.image().privateRegions()).extracting(dev.quiesce.emulator.memory.Region::name)
                    .containsExactly("private-data", "private-bss");
            assertThat(m.image().region("data").orElseThrow().end())
                    .isLessThanOrEqualTo(m.image().privateRegions().getFirst().address());
        }
    }

    @Test
    void theRunIsTheSameWithOneAndTwoThreadsAndUnderAStaleFetchModel() {
        HostReport one = HostRunner.run(settings(4, true), 0x5eed, 400_000, 1);
        HostReport two = HostRunner.run(settings(4, true), 0x5eed, 400_000, 2);
        assertThat(two.traceHash()).isEqualTo(one.traceHash());
        assertThat(two.cpus()).isEqualTo(one.cpus());
        assertThat(one.cpus()).allSatisfy(c -> assertThat(c.quiescencePoints()).isPositive());
        HostReport stale = HostRunner.run(settings(4, true).withXmc(XmcModel.SERIALIZE), 0x5eed, 400_000, 2);
        assertThat(stale.cpus()).isEqualTo(one.cpus()); // no code store: the model changes nothing
    }

    @Property(tries = 4, seed = "17")
    void anySeedGivesEachCpuItsOwnCount(@ForAll @IntRange(min = 1, max = 1 << 20) int seed) {
        try (HostMachine m = HostMachine.boot(settings(2, true), SeedStream.root(seed).child("host", 0))) {
            HostRunner.run(m, QuantumHook.NONE, seed, 100_000, 2);
            for (int cpu = 0; cpu < 2; cpu++) {
                long n = m.memory().readU64(m.address("own_increments") + 8L * cpu);
                assertThat(m.readPrivateU64(cpu, "private_counter") - 1000 - n).isBetween(-1L, 0L);
            }
        }
    }
}
