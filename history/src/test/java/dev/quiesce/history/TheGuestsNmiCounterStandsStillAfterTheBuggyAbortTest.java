package dev.quiesce.history;

import dev.quiesce.cpu.CpuEvent;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.scenario.ScenarioLoader;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case {@code xen-abort-skips-nmi-unmask} without its oracle: after the timed-out apply's release the buggy variant's
 * CPUs enter no NMI handler at all until the run ends — the guest's NMI counter stands still, every NMI is swallowed
 * — while under the fix every CPU keeps taking them: the symptom a host showed before Xen commit c5ed88110cd1.
 */
class TheGuestsNmiCounterStandsStillAfterTheBuggyAbortTest {

    private static ScenarioResult run(String protocol) {
        HistoryCase c = Corpus.load().select(List.of("xen-abort-skips-nmi-unmask")).getFirst();
        List<String> sets = new ArrayList<>(c.buggySets(c.seed()));
        sets.add("protocol=" + protocol);
        sets.add("oracles=[]");
        return ScenarioRunner.run(ScenarioLoader.load(c.source(), sets), true);
    }

    private static long[] nmisAfterRelease(ScenarioResult r, boolean swallowed) {
        long released = r.outcomes().getFirst().releasedNs();
        long[] n = new long[r.report().cpus().size()];
        for (CpuEvent e : r.trace()) {
            boolean counted = swallowed ? e instanceof CpuEvent.NmiSwallowed
                    : e instanceof CpuEvent.InterruptEntry i && i.kind() == InterruptKind.NMI;
            if (counted && e.time() > released) {
                n[e.cpu()]++;
            }
        }
        return n;
    }

    @Test
    void afterTheBuggyAbortNoCpuEntersItsNmiHandlerAndUnderTheFixEveryCpuDoes() {
        ScenarioResult buggy = run("history.xen-abort-skips-nmi-unmask.buggy");
        ScenarioResult fixed = run("xen.rendezvous");
        assertThat(buggy.outcomes().getFirst().result().label()).isEqualTo("timed-out");
        assertThat(fixed.outcomes().getFirst().result().label()).isEqualTo("timed-out");
        assertThat(buggy.endNs()).isEqualTo(fixed.endNs()).isGreaterThan(3_000_000L);
        long[] taken = nmisAfterRelease(fixed, false);
        long[] swallowed = nmisAfterRelease(buggy, true);
        System.out.printf("NMIs after the release: fixed taken %s; buggy taken %s, swallowed %s%n",
                java.util.Arrays.toString(taken), java.util.Arrays.toString(nmisAfterRelease(buggy, false)),
                java.util.Arrays.toString(swallowed));
        assertThat(nmisAfterRelease(buggy, false)).containsOnly(0L);
        assertThat(nmisAfterRelease(fixed, true)).containsOnly(0L);
        for (int cpu = 0; cpu < taken.length; cpu++) {
            assertThat(taken[cpu]).as("cpu %d under the fix", cpu).isPositive();
            assertThat(swallowed[cpu]).as("cpu %d: the same seed's NMIs, swallowed", cpu).isEqualTo(taken[cpu]);
        }
    }
}
