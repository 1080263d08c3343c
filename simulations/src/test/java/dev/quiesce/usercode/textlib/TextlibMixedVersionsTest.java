package dev.quiesce.usercode.textlib;

import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import dev.quiesce.coordinator.oracle.Violation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mixed versions of a user payload, seen in the library's own output: textlib's {@code pretty-terminator} fix changes
 * two functions that call each other ({@code tl_print_block} and {@code tl_print_stmt}: the {@code ;} moves from one
 * to the other), so a CPU that runs one old and one new prints too many or too few. The unsafe baseline writes the
 * two JMPs while every CPU runs (each in one store): applied at a moment when a CPU is in the printer (found from a run
 * without the action), that CPU's {@code pp=} shows neither version's value. Xen's rendezvous, applied at the same
 * moments, holds every CPU in its idle loop while the master patches: no mixed output and no violation.
 *
 * <p>{@code NoMixedVersions} reports these runs: the CPU entered the old {@code tl_print_block} (or an outer
 * {@code tl_print_stmt}: they recurse) before the apply was issued, which no probe saw, but the oracle takes each CPU's
 * stack at the issue and counts the old functions on it (docs/oracles.md). To see the mixed output itself the oracle is
 * left out, so the run goes on past the first mixed call.
 */
class TextlibMixedVersionsTest {

    static final String FIX = "pretty-terminator";
    static final String DURATION = "700us";
    static final List<String> WHOLE_SITE = List.of("store.granularity=whole-site");
    static final String BEFORE = TextlibRuns.probe(FIX, "before");
    static final String AFTER = TextlibRuns.probe(FIX, "after");

    @TempDir
    static Path dir;
    /**
     * Quantum boundaries (ns) at which some CPU was inside the printer, from a run with no action: a CPU's snapshot is
     * where it was when its last quantum began, the boundary the coordinator writes code at.
     */
    static List<Long> inPrinter;

    @BeforeAll
    static void observe() {
        TextlibRuns.copyInto(dir);
        inPrinter = new ArrayList<>();
        // the same scenario up to the apply (a run is deterministic), with the first action moved to the end: the run
        // is the same as the real ones until their apply, and no action comes before 600 µs
        ScenarioRunner.run(TextlibRuns.load(dir, FIX, DURATION, DURATION, List.of()), false, (now, m) -> {
            for (int cpu = 0; cpu < m.settings().cpus(); cpu++) {
                String at = m.symbolize(m.cpuSnapshots().get(cpu).pc());
                if (now >= 150_000 && now < 600_000 && (at.startsWith("tl_print_block+") || at.startsWith("tl_print_stmt+"))) {
                    inPrinter.add(m.cpuSnapshots().get(cpu).timeNs());
                    return;
                }
            }
        });
    }

    /** One apply at a printer moment: the oracles' violations and the {@code pp=} values no whole version prints. */
    record Applied(long at, List<Violation> violations, List<String> mixedOutput) {
    }

    /**
     * Applies under {@code protocol} at each of the first {@code n} printer moments (and the boundaries around them:
     * a snapshot is a quantum's start), until one shows mixed output if {@code untilMixed}.
     */
    private static List<Applied> applyWhilePrinting(String protocol, int n, boolean untilMixed, String... more) {
        List<Applied> out = new ArrayList<>();
        List<Long> moments = inPrinter.stream().limit(n).flatMap(t -> Stream.of(t - 2000, t - 1000, t, t + 1000))
                .toList();
        for (long at : moments) {
            List<String> sets = new ArrayList<>(WHOLE_SITE);
            sets.add("protocol=" + protocol);
            sets.addAll(List.of(more));
            TextlibRuns.ProbeWatch w = new TextlibRuns.ProbeWatch("pp");
            ScenarioResult r = ScenarioRunner.run(TextlibRuns.load(dir, FIX, DURATION, at + "ns", sets), false, w);
            assertThat(r.outcomes().getFirst().result()).isIn(ApplyResult.DONE, ApplyResult.CUT_SHORT);
            List<String> mixed = w.seen().stream().map(TextlibRuns.Seen::value)
                    .filter(v -> !v.equals(BEFORE) && !v.equals(AFTER)).toList();
            out.add(new Applied(at, r.violations(), mixed));
            if (untilMixed && !mixed.isEmpty()) {
                break;
            }
        }
        return out;
    }

    @Test
    void noMixedVersionsCatchesTheUnsafeBaselineAppliedWhileACpuPrints() {
        List<Applied> runs = applyWhilePrinting("unsafe.no-barrier", 3, false);
        assertThat(runs.stream().flatMap(a -> a.violations().stream()).toList()).as("%s", runs).isNotEmpty()
                .allSatisfy(v -> {
                    assertThat(v.oracle()).isEqualTo("NoMixedVersions");
                    assertThat(v.message()).matches("ran tl_print_(block|stmt) \\(old\\) and the new tl_print_stmt of"
                            + " payload 'pretty-terminator' with no quiescence point between");
                });
    }

    @Test
    void theUnsafeBaselineAppliedWhileACpuPrintsMakesThatCpuPrintWithOldAndNewHalves() {
        assertThat(inPrinter).as("CPUs are seen in the printer").hasSizeGreaterThanOrEqualTo(3);
        List<Applied> runs = applyWhilePrinting("unsafe.no-barrier", 3, true, "oracles=[GuestAssertions]");
        // a CPU inside the old tl_print_block when the JMPs land calls the new tl_print_stmt: its ';' count is
        // neither the base's 5 nor the fix's 3 (pp=6/105 or 7/108: old block and new statement both print some)
        assertThat(runs.getLast().mixedOutput()).as("%s", runs).isNotEmpty()
                .allSatisfy(v -> assertThat(v).matches("\\d+/\\d+/reparse-failed"));
    }

    @Test
    void xensRendezvousAppliedAtTheSameMomentsMixesNothing() {
        List<Applied> runs = applyWhilePrinting("xen.rendezvous", 3, false);
        assertThat(runs).hasSize(12).allSatisfy(a -> {
            assertThat(a.violations()).isEmpty();
            assertThat(a.mixedOutput()).isEmpty();
        });
    }
}
