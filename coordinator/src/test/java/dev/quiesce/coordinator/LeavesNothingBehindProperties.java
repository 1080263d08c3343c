package dev.quiesce.coordinator;

import dev.quiesce.coordinator.oracle.OracleSettings;
import dev.quiesce.splice.registry.Action;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over seeds, CPU counts, protocols and timeouts that are sometimes too short (so Xen and stop_machine abort), every
 * built-in protocol's ending leaves nothing behind and releases every CPU at once (a liveness bound of 0).
 */
class LeavesNothingBehindProperties {

    private static final List<String> PROTOCOLS = List.of("xen.rendezvous", "stop-machine.stack-check",
            "text-poke.int3", "lazy.per-cpu", "unsafe.no-barrier");

    @Property(tries = 10, seed = "14")
    void everyBuiltInProtocolEndsClean(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                       @ForAll @IntRange(min = 1, max = 8) int cpus,
                                       @ForAll @IntRange(min = 0, max = 4) int protocol,
                                       @ForAll boolean shortTimeout) {
        ApplyRequest r = new ApplyRequest(SideStateRestoredTest.AT, "long_work_v2", Action.APPLY,
                shortTimeout ? 2_000 : 0, 0, 1);
        HostRun run = HostRun.run(HostRun.Spec.of(cpus, PROTOCOLS.get(protocol), "long_work_v2", r, 260_000)
                .withOracles(SideStateRestoredTest.NEW_ORACLES), seed, new OracleSettings(0));
        assertThat(run.violations()).isEmpty();
        assertThat(run.outcomes()).isNotEmpty();
    }
}
