package dev.quiesce.sweep;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    private static final List<SweepPoint> TWO = new SweepPlan("straggler", List.of(),
            List.of(Vary.parse("barrier.timeout=1ms,30ms")), 2).points();

    @Test
    void withoutATerminal_aPlainLinePerFinishedPointWithTheEta() {
        StringWriter w = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress p = new Progress(TWO, 2, new PrintWriter(w), false, clock::get);
        clock.set(1_000_000_000L);
        p.runDone(1);
        assertThat(w.toString()).isEmpty();
        clock.set(2_000_000_000L);
        p.runDone(1);
        clock.set(3_000_000_000L);
        p.runDone(0);
        p.runDone(0);
        assertThat(w.toString().lines().toList()).containsExactly(
                "point 1/2 done [barrier.timeout=30ms]: 2/4 runs (50%), ETA 2s",
                "point 2/2 done [barrier.timeout=1ms]: 4/4 runs (100%), ETA 0s");
    }

    @Test
    void withManyPoints_aPlainLinePerTenthOfTheRuns() {
        List<SweepPoint> many = new SweepPlan("straggler", List.of(),
                List.of(Vary.parse("host.cpus=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25")), 1)
                .points();
        StringWriter w = new StringWriter();
        Progress p = new Progress(many, 4, new PrintWriter(w), false, () -> 0);
        for (int i = 0; i < 100; i++) {
            p.runDone(i / 4);
        }
        assertThat(w.toString().lines()).hasSize(10).first().isEqualTo("10/100 runs (10%), ETA 0s");
    }

    @Test
    void onATerminal_oneBarRedrawnInPlace() {
        StringWriter w = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress p = new Progress(TWO, 2, new PrintWriter(w), true, clock::get);
        clock.set(90_000_000_000L);
        p.runDone(0);
        assertThat(w.toString()).isEqualTo("\r[#######-----------------------]  25%  1/4 runs  0/2 points  ETA 4m30s ");
        p.runDone(0);
        p.runDone(1);
        p.runDone(1);
        assertThat(w.toString()).endsWith("\r[##############################] 100%  4/4 runs  2/2 points  ETA 0s "
                + System.lineSeparator());
    }
}
