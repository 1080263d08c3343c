package dev.quiesce.hunt;

import dev.quiesce.host.InterruptSettings.Injection;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.random.SeedStream;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TargetedPlacementsTest {

    private static final List<Long> STORES = List.of(59_000L, 59_020L, 59_040L, 59_060L, 59_080L);

    private static List<Injection> injections(Scenario base, Candidate c) {
        String set = c.sets().getLast();
        assertThat(set).startsWith(Overrides.INJECTIONS + "=[");
        List<String> sets = new ArrayList<>(base.sets());
        sets.add(set);
        return ScenarioLoader.load(base.source(), sets).host().interrupts().injections();
    }

    @Test
    void targeted_aimsMostlyNmisAtMost60nsBeforeAStore_onEveryCpu() {
        Scenario base = ScenarioLoader.load("nmi-in-patched-function", List.of());
        ProtocolTimes times = new ProtocolTimes(STORES, List.of(30_052_000L), List.of(59_000L), List.of(59_080L),
                50_000, 59_080);
        TargetedPlacements t = new TargetedPlacements(base, times, SeedStream.root(1).child("targeted"));
        List<Injection> all = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            List<Injection> one = injections(base, t.candidate(i));
            assertThat(one).hasSizeBetween(1, 3);
            all.addAll(one);
        }
        long nearStore = all.stream().filter(i -> STORES.stream().anyMatch(s -> s - i.atNs() >= 0 && s - i.atNs() <= 60))
                .count();
        assertThat(nearStore).isGreaterThan(all.size() / 2);
        assertThat(all).allSatisfy(i -> assertThat(i.atNs()).isBetween(0L, base.durationNs()));
        assertThat(all.stream().filter(i -> i.kind() == InterruptKind.NMI).count()).isGreaterThan(all.size() * 3 / 4);
        assertThat(all.stream().map(Injection::cpu).distinct().count()).isEqualTo(8);
        assertThat(t.candidate(5)).isEqualTo(new TargetedPlacements(base, times,
                SeedStream.root(1).child("targeted")).candidate(5));
    }

    @Test
    void pct_placesDepthInterruptsInsideTheWindow_andChangesTheSeed() {
        Scenario base = ScenarioLoader.load("nmi-in-patched-function", List.of());
        ProtocolTimes times = new ProtocolTimes(STORES, List.of(), List.of(), List.of(), 50_000, 59_080);
        PctPlacements p = new PctPlacements(base, times, SeedStream.root(1).child("pct"), 3);
        Candidate c = p.candidate(4);
        assertThat(c.sets().getFirst()).startsWith("seed=");
        assertThat(injections(base, c)).hasSize(3)
                .allSatisfy(i -> assertThat(i.atNs()).isBetween(50_000L, 59_080L));
    }
}
