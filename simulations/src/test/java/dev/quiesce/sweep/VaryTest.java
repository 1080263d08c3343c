package dev.quiesce.sweep;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaryTest {

    @Test
    void values_splitOnCommasOutsideParenthesesBracketsAndQuotes() {
        Vary v = Vary.parse("retry=none, fixed(5,1ms),exponential(1ms,2,16ms,0.25,5)");
        assertThat(v.key()).isEqualTo("retry");
        assertThat(v.values()).containsExactly("none", "fixed(5,1ms)", "exponential(1ms,2,16ms,0.25,5)");
        assertThat(Vary.parse("stragglers=[{cpu=1,at=1us,iterations=5}],[]").values())
                .containsExactly("[{cpu=1,at=1us,iterations=5}]", "[]");
        assertThat(Vary.parse("name=\"a,b\",c").values()).containsExactly("\"a,b\"", "c");
    }

    @Test
    void set_passesSimpleValuesBareAndQuotesTheRestAsHoconStrings() {
        Vary retry = Vary.parse("retry=none,fixed(5,1ms)");
        assertThat(retry.set("none")).isEqualTo("retry=none");
        assertThat(retry.set("fixed(5,1ms)")).isEqualTo("retry=\"fixed(5,1ms)\"");
        assertThat(Vary.parse("barrier.timeout=5ms").set("5ms")).isEqualTo("barrier.timeout=5ms");
        assertThat(Vary.parse("protocol=text-poke.int3").set("text-poke.int3")).isEqualTo("protocol=text-poke.int3");
        assertThat(Vary.parse("stragglers=[]").set("[{cpu=1}]")).isEqualTo("stragglers=[{cpu=1}]");
    }

    @Test
    void malformedVary_saysWhatIsLegal() {
        assertThatThrownBy(() -> Vary.parse("retry")).hasMessageContaining("is not key=value")
                .hasMessageContaining("barrier.timeout=1ms,5ms,30ms");
        assertThatThrownBy(() -> Vary.parse("retry=none,,fixed")).hasMessageContaining("has an empty value");
        assertThatThrownBy(() -> Vary.parse("retry=")).hasMessageContaining("has an empty value");
    }

    @Test
    void plan_isTheCrossProductWithTheFirstVaryChangingSlowest() {
        SweepPlan plan = new SweepPlan("straggler", List.of("host.cpus=2"),
                List.of(Vary.parse("barrier.timeout=1ms,30ms"), Vary.parse("retry=none,fixed(5,1ms),exponential")), 3);
        List<SweepPoint> points = plan.points();
        assertThat(points).hasSize(6);
        assertThat(points.get(1).labels()).containsExactly("barrier.timeout=1ms", "retry=fixed(5,1ms)");
        assertThat(points.get(1).sets()).containsExactly("host.cpus=2", "barrier.timeout=1ms", "retry=\"fixed(5,1ms)\"");
        assertThat(points.get(3).label()).isEqualTo("barrier.timeout=30ms retry=none");
        assertThat(points).extracting(SweepPoint::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(new SweepPlan("straggler", List.of(), List.of(), 1).points()).singleElement()
                .satisfies(p -> assertThat(p.label()).isEqualTo("base"));
    }

    @Test
    void aSweepOfAMillionPointsIsRefusedBeforeAnyPointIsMade() {
        String thousand = "host.cpus=" + String.join(",", java.util.Collections.nCopies(1000, "2"));
        Vary v = Vary.parse(thousand);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SweepPlan("straggler", List.of(), List.of(v, v), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 100000 runs");
        assertThat(new SweepPlan("straggler", List.of(), List.of(v), 100).points()).hasSize(1000);
    }

    @Test
    void runJ_ofEveryPointUsesTheScenarioSeedPlusJ() {
        SweepPlan plan = new SweepPlan("straggler", List.of("seed=\"0x10\""), List.of(Vary.parse("host.cpus=4,5")), 2);
        var bases = plan.validate();
        assertThat(bases).extracting(s -> s.host().cpus()).containsExactly(4, 5);
        SweepPoint p = plan.points().get(1);
        var run = plan.scenario(p, bases.get(1), 1);
        assertThat(run.seed()).isEqualTo(0x11);
        assertThat(run.host().cpus()).isEqualTo(5);
        assertThat(run.replayLine()).isEqualTo("./quiesce run straggler --seed 0x11 --set 'host.cpus=5'");
    }
}
