package dev.quiesce.splice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Executes the intermediate states of a store plan on a CPU: a JMP written byte by byte tears (an unmapped fetch
 * or a silently wrong result, as measured in docs/toolchain-and-unicorn.md), while Linux's int3 protocol only ever shows
 * the old code or a breakpoint.
 */
class TornStateTest {

    private final TestHost host = new TestHost();
    private final SpliceEngine engine = new SpliceEngine(host.memory(), X86_64Isa.INSTANCE);
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void perBytePlanOfAJmp_hasAnIntermediateStateThatFaultsOrReturnsAWrongValue() {
        TestHost.Loaded hello = host.load("xen_hello_world");
        long function = host.address("xen_extra_version");
        long oldValue = Outcome.of(host, function).value();
        StorePlan plan = engine.plan("hello", hello.sites(), Granularity.PER_BYTE);
        long newValue = Outcome.of(host, hello.sites().getFirst().newAddr()).value();
        List<Outcome> intermediate = runEachPrefix(plan.stores(), function);

        assertThat(plan.stores()).hasSize(5).allSatisfy(s -> assertThat(s.length()).isEqualTo(1));
        assertThat(intermediate).as("intermediate states %s", trace).anySatisfy(o -> assertThat(
                o.kind() == Outcome.Kind.FAULT || o.kind() == Outcome.Kind.RETURNED && o.value() != oldValue
                        && o.value() != newValue).isTrue());
        assertThat(Outcome.of(host, function).value()).isEqualTo(newValue);
    }

    @Test
    void int3PlanOfAJmp_stopsAtTheBreakpointOrRunsTheOldCode_neverAWrongValue() {
        TestHost.Loaded hello = host.load("xen_hello_world");
        long function = host.address("xen_extra_version");
        long oldValue = Outcome.of(host, function).value();
        StorePlan plan = engine.plan("hello", hello.sites(), Granularity.INT3);
        List<Outcome> intermediate = runEachPrefix(plan.stores(), function);

        assertThat(plan.syncCount()).isEqualTo(3);
        assertThat(intermediate).as("intermediate states %s", trace).isNotEmpty().allSatisfy(o -> assertThat(
                o.kind() == Outcome.Kind.BREAKPOINT || o.kind() == Outcome.Kind.RETURNED && o.value() == oldValue)
                .isTrue());
        assertThat(host.extraVersion()).isEqualTo("Hello World");
    }

    @Test
    void jmpWrittenDisplacementFirst_runsOtherValidInstructionsSilently_andReturnsAWrongValue() {
        TestHost.Loaded hello = host.load("xen_hello_world");
        long function = host.address("xen_extra_version");
        long oldValue = Outcome.of(host, function).value();
        long newValue = Outcome.of(host, hello.sites().getFirst().newAddr()).value();
        List<Store> descending = engine.plan("hello", hello.sites(), Granularity.PER_BYTE).stores().reversed();
        List<Outcome> intermediate = runEachPrefix(descending, function);

        assertThat(intermediate).as("intermediate states %s", trace).anySatisfy(o -> {
            assertThat(o.kind()).isEqualTo(Outcome.Kind.RETURNED);
            assertThat(o.value()).isNotIn(oldValue, newValue);
        });
        assertThat(host.extraVersion()).isEqualTo("Hello World");
    }

    /** Performs the stores one by one; after each store but the last, calls the function on a fresh engine. */
    private List<Outcome> runEachPrefix(List<Store> stores, long function) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < stores.size(); i++) {
            engine.execute(new StorePlan(List.of(stores.get(i))), StoreListener.NONE);
            if (i < stores.size() - 1) {
                out.add(Outcome.of(host, function));
                trace.add("%s -> %s".formatted(HexFormat.of().formatHex(host.memory().read(function, 5)),
                        out.getLast()));
            }
        }
        return out;
    }
}
