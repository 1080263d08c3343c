package dev.quiesce.random;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SeedStreamTest {

    @Test
    void child_dependsOnlyOnParentAndName() {
        SeedStream a = SeedStream.root(1).child("host", 0).child("cpu", 3).child("irq.timer");
        SeedStream b = SeedStream.root(1).child("host", 0).child("cpu", 3).child("irq.timer");
        assertThat(a).isEqualTo(b);
        assertThat(a.path()).isEqualTo("host/0/cpu/3/irq.timer");
    }

    @Test
    void siblingsAndSeedsGiveDistinctStreams() {
        Set<Long> seeds = new HashSet<>();
        for (long run = 0; run < 4; run++) {
            for (int cpu = 0; cpu < 256; cpu++) {
                for (String s : new String[] {"irq.timer", "irq.device", "nmi", "guest"}) {
                    seeds.add(SeedStream.root(run).child("host", 0).child("cpu", cpu).child(s).seed());
                }
            }
        }
        assertThat(seeds).hasSize(4 * 256 * 4);
    }

    @Test
    void indexedChild_differsFromNamedChildAndOtherIndices() {
        SeedStream host = SeedStream.root(9).child("host", 0);
        assertThat(host.child("cpu", 0).seed()).isNotEqualTo(host.child("cpu", 1).seed());
        assertThat(host.child("cpu", 0).seed()).isNotEqualTo(host.child("cpu").seed());
    }
}
