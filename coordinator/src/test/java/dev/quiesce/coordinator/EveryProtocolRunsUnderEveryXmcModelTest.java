package dev.quiesce.coordinator;

import dev.quiesce.coordinator.protocol.Protocols;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.splice.registry.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered protocol applies {@code xen_hello_world} on 4 emulated CPUs under each cross-modifying-code model
 * with every oracle: it runs to the end, the protocols with a barrier and a serialising step end as they do under
 * {@code coherent} with no violation, and {@code unsafe.no-barrier} is caught, if at all, only by the oracles built
 * for it.
 */
class EveryProtocolRunsUnderEveryXmcModelTest {

    private static final long AT = 50_000;
    private static final String PAYLOAD = "xen_hello_world";

    static Stream<Arguments> protocolsAndModels() {
        List<Arguments> out = new ArrayList<>();
        for (String p : Protocols.names()) {
            for (XmcModel m : XmcModel.values()) {
                out.add(Arguments.of(p, m));
            }
        }
        return out.stream();
    }

    private static HostRun run(String protocol, XmcModel xmc, long seed, int threads) {
        HostRun.Spec spec = HostRun.Spec.of(4, protocol, PAYLOAD, new ApplyRequest(AT, PAYLOAD, Action.APPLY, 0, 0, 1),
                250_000);
        return HostRun.run(spec, seed, threads, xmc, ctx -> Protocols.create(protocol, ctx), List.of());
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("protocolsAndModels")
    void runsToTheEndWithTheOraclesItIsExpectedToSatisfy(String protocol, XmcModel xmc) {
        HostRun r = run(protocol, xmc, 3, 2);
        assertThat(r.report().events()).isPositive();
        if (protocol.equals("unsafe.no-barrier")) {
            r.violations().forEach(v -> assertThat(v.oracle())
                    .isIn("NoTornFetch", "NoMixedVersions", "GuestAssertions", "NewVersionEverywhere"));
            return;
        }
        assertThat(r.violations()).isEmpty();
        HostRun coherent = xmc == XmcModel.COHERENT ? r : run(protocol, XmcModel.COHERENT, 3, 2);
        assertThat(r.last().result()).as(r.last().message()).isEqualTo(coherent.last().result());
        assertThat(r.finalState()).isEqualTo(coherent.finalState());
        if (!protocol.equals("lazy.per-cpu")) { // lazy's universes need more than 200us here: it aborts in every model
            assertThat(r.last().result()).isEqualTo(ApplyResult.DONE);
        }
    }

    @Test
    void aStaleFetchModelChangesTheTraceAndTheSameSeedGivesTheSameHashWithOneOrTwoThreads() {
        String coherent = run("xen.rendezvous", XmcModel.COHERENT, 5, 2).report().traceHash();
        String serialize1 = run("xen.rendezvous", XmcModel.SERIALIZE, 5, 1).report().traceHash();
        String serialize2 = run("xen.rendezvous", XmcModel.SERIALIZE, 5, 2).report().traceHash();
        String errata1 = run("text-poke.int3", XmcModel.ERRATA, 5, 1).report().traceHash();
        String errata2 = run("text-poke.int3", XmcModel.ERRATA, 5, 2).report().traceHash();
        assertThat(serialize1).isEqualTo(serialize2).isNotEqualTo(coherent);
        assertThat(errata1).isEqualTo(errata2);
    }
}
