package dev.quiesce.isa;

import dev.quiesce.io.Trees;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the {@link A64} branch encoding: it round-trips, and it decodes what GNU as assembles. */
class A64Properties {

    @Property(tries = 2000, seed = "19")
    void aBranchDecodesToTheTargetItWasEncodedFor(@ForAll long place, @ForAll @IntRange(min = -(1 << 25),
            max = (1 << 25) - 1) int words, @ForAll boolean link) {
        long at = place & -4L;
        long target = at + 4L * words;
        int insn = link ? A64.bl(at, target) : A64.b(at, target);
        assertThat(link ? A64.isBl(insn) : A64.isB(insn)).isTrue();
        assertThat(A64.branchTarget(at, insn)).isEqualTo(target);
        assertThat(A64.concurrentModificationAllowed(insn, A64.NOP)).isTrue();
    }

    @Property(tries = 2000, seed = "19")
    void aBranchReachesExactlyTheAlignedTargetsWithin128MiB(@ForAll long place, @ForAll long delta) {
        long at = place & -4L;
        long d = delta % (3 * A64.RANGE);
        boolean expected = (d & 3) == 0 && d >= -A64.RANGE && d < A64.RANGE;
        assertThat(A64.reaches(at, at + d)).isEqualTo(expected);
    }

    @Property(tries = 6, seed = "19")
    void gnuAsBranchesToRandomOffsetsDecodeToThoseOffsets(@ForAll @Size(40) List<@IntRange(min = -(1 << 25),
            max = (1 << 25) - 1) Integer> words) throws Exception {
        Path dir = Files.createTempDirectory("a64prop");
        try {
            StringBuilder src = new StringBuilder();
            for (int i = 0; i < words.size(); i++) {
                src.append(i % 2 == 0 ? "b" : "bl").append(" .").append(words.get(i) < 0 ? "-" : "+")
                        .append(Math.abs(4L * words.get(i))).append('\n');
            }
            byte[] text = GnuAs64.assemble(dir, src.toString());
            assertThat(text).hasSize(4 * words.size());
            for (int i = 0; i < words.size(); i++) {
                long at = 4L * i;
                int insn = A64.word(text, 4 * i);
                assertThat(A64.branchTarget(at, insn)).isEqualTo(at + 4L * words.get(i));
                assertThat(insn).isEqualTo(i % 2 == 0 ? A64.b(at, at + 4L * words.get(i))
                        : A64.bl(at, at + 4L * words.get(i)));
            }
        } finally {
            Trees.delete(dir);
        }
    }
}
