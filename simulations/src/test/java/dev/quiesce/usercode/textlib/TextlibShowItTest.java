package dev.quiesce.usercode.textlib;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.coordinator.oracle.Oracles;
import dev.quiesce.payload.build.BuildResult;
import dev.quiesce.scenario.Scenario;
import dev.quiesce.scenario.ScenarioResult;
import dev.quiesce.scenario.ScenarioRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17's "Show it" on textlib: for each of its six fixes, the payload the scenario pipeline builds replaces exactly
 * the fix's expected functions, and applied on 8 CPUs while the library runs (IRQ and NMI calls included) under each
 * built-in protocol, it changes what every CPU's own {@code textlib_probe} shows from the base value to the fixed one.
 * Objects are compiled once per process (the pipeline's object cache), so the base tree compiles once for the class.
 */
class TextlibShowItTest {

    /** Long enough for every CPU to finish several workload calls after the apply (a call takes 20–40 µs). */
    static final String DURATION = "700us";

    @TempDir
    static Path dir;

    @BeforeAll
    static void copy() {
        TextlibRuns.copyInto(dir);
    }

    static Stream<String> fixes() {
        return Textlib.fixes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixes")
    void theBuiltPayloadReplacesExactlyTheFixsExpectedFunctions(String fix) {
        BuildResult b = TextlibRuns.built(TextlibRuns.load(dir, fix, DURATION, List.of())).functions();
        List<String> got = new ArrayList<>();
        b.changedFunctions().forEach(f -> got.add("changed " + f));
        b.newFunctions().forEach(f -> got.add("new " + f));
        assertThat(got).as(b.report()).containsExactlyInAnyOrderElementsOf(Textlib.manifest(fix, "expected-functions.txt"));
    }

    /**
     * The oracles each protocol is not held to here, because breaking them is that protocol's documented nature (and
     * the subject of the NoMixedVersions test): only Xen's rendezvous keeps every CPU out of the library while it
     * patches. kpatch's stop-machine checks that no stack holds a patched function, not that no CPU called the old one
     * earlier in the same call; text-poke switches each site on its own; the unsafe baseline also writes the JMPs
     * while CPUs fetch them, but here each in one store ({@code store.granularity = whole-site}), as
     * {@code scenarios/mixed-versions-unsafe.conf} does, so no fetch is torn and only the missing barrier shows.
     */
    static final Map<String, List<String>> NOT_HELD_TO = Map.of("xen.rendezvous", List.of(),
            "stop-machine.stack-check", List.of("NoMixedVersions"), "text-poke.int3", List.of("NoMixedVersions"),
            "unsafe.no-barrier", List.of("NoMixedVersions"));

    static Stream<Arguments> fixAndProtocol() {
        List<Arguments> out = new ArrayList<>();
        for (String fix : Textlib.fixes()) {
            for (String protocol : NOT_HELD_TO.keySet().stream().sorted().toList()) {
                out.add(Arguments.of(fix, protocol));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("fixAndProtocol")
    void eachCpuShowsTheBaseProbeBeforeTheApplyAndTheFixedOneAfter(String fix, String protocol) {
        List<String> sets = new ArrayList<>(List.of("protocol=" + protocol));
        sets.add("oracles=" + Oracles.names().stream().filter(n -> !NOT_HELD_TO.get(protocol).contains(n)).toList());
        if (protocol.equals("unsafe.no-barrier")) {
            sets.add("store.granularity=whole-site"); // each JMP in one store, as scenarios/mixed-versions-unsafe.conf
        }
        if (protocol.equals("stop-machine.stack-check")) {
            sets.add("retry=\"fixed(20,10us)\"");
        }
        Scenario s = TextlibRuns.load(dir, fix, DURATION, sets);
        TextlibRuns.ProbeWatch watch = new TextlibRuns.ProbeWatch(TextlibRuns.field(fix));
        ScenarioResult r = ScenarioRunner.run(s, false, watch);
        assertThat(r.outcomes()).as("%s", r.violations()).hasSizeGreaterThanOrEqualTo(2);
        ApplyOutcome o = r.outcomes().get(r.outcomes().size() - 2); // the first request's last attempt
        assertThat(o.result()).as(o.message()).isEqualTo(ApplyResult.DONE);
        assertThat(o.rc()).isZero();
        assertThat(r.violations()).isEmpty();
        String before = TextlibRuns.probe(fix, "before");
        assertThat(watch.before(r.outcomes().getFirst().issuedNs())).as("every CPU ran the base before the apply")
                .hasSize(8).allSatisfy((cpu, values) -> assertThat(values).containsOnly(before));
        assertThat(watch.last()).as("every CPU runs the fix at the end").containsOnly(TextlibRuns.probe(fix, "after"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixes")
    void lazyPerCpuRefusesEachFixForWantOfAnEntryPadAndTheCpusKeepTheBase(String fix) {
        TextlibRuns.ProbeWatch watch = new TextlibRuns.ProbeWatch(TextlibRuns.field(fix));
        ScenarioResult r = ScenarioRunner.run(TextlibRuns.load(dir, fix, DURATION, List.of("protocol=lazy.per-cpu")),
                false, watch);
        // textlib marks no function QUIESCE_PATCHABLE: lazy.per-cpu dispatches through an ftrace-style entry pad
        // (docs/own-code.md, Protocols), so it aborts the action and says why; nothing is patched
        ApplyOutcome o = r.outcomes().getFirst();
        assertThat(o.result()).isEqualTo(ApplyResult.ABORTED);
        assertThat(o.message()).contains("lazy.per-cpu needs an ftrace-style 5-byte entry pad");
        assertThat(r.violations()).isEmpty();
        assertThat(watch.last()).containsOnly(TextlibRuns.probe(fix, "before"));
    }
}
