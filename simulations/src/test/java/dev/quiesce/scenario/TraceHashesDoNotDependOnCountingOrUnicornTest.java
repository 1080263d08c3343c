package dev.quiesce.scenario;

import dev.quiesce.emulator.unicorn.Counting;
import dev.quiesce.emulator.unicorn.EngineDefaults;
import dev.quiesce.emulator.unicorn.UnicornLibrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The trace hash is a property of the scenario and seed, not of the emulator's configuration: every built-in scenario
 * keeps its golden hash under per-instruction and per-block counting on Unicorn 2.0.x and 2.1.x, and over random seeds
 * the four configurations agree. Both libraries must be present (the launcher provides 2.1.x: {@code ./quiesce test}).
 */
class TraceHashesDoNotDependOnCountingOrUnicornTest {

    private static final GoldenTraceHashes GOLDENS = GoldenTraceHashes.load();
    private static final List<String> QUICK = List.of("straggler", "irq-storm", "nmi-in-patched-function",
            "mixed-versions-unsafe", "compare-protocols");

    /** One 2.0.x and one 2.1-or-later library. */
    static List<UnicornLibrary> libraries() {
        List<UnicornLibrary> all = UnicornLibrary.available();
        UnicornLibrary old = all.stream().filter(l -> !l.atLeast(2, 1)).findFirst().orElse(null);
        UnicornLibrary recent = all.stream().filter(l -> l.atLeast(2, 1)).findFirst().orElse(null);
        if (old == null || recent == null) {
            fail("need Unicorn 2.0.x (apt-get install -y libunicorn2) and 2.1.x (./quiesce test provides it; or pip"
                    + " install unicorn==2.1.4); found: " + all);
        }
        return List.of(old, recent);
    }

    @TestFactory
    Stream<DynamicTest> everyBuiltInScenarioKeepsItsGoldenUnderEveryConfiguration() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : ScenarioLoader.builtIns()) {
            for (UnicornLibrary lib : libraries()) {
                for (Counting c : Counting.values()) {
                    tests.add(DynamicTest.dynamicTest(name + " on Unicorn " + lib.version() + ", " + c.cliName()
                            + " counting", () -> assertThat(hash(lib, c, name, GOLDENS.sets(name)))
                            .isEqualTo(GOLDENS.hash(name))));
                }
            }
        }
        return tests.stream();
    }

    @Property(tries = 12, seed = "18")
    void overRandomSeedsTheFourConfigurationsGiveOneTraceHash(
            @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed,
            @ForAll("scenarios") String scenario) {
        List<String> sets = List.of("seed=\"0x" + Long.toHexString(seed) + "\"");
        List<String> hashes = new ArrayList<>();
        for (UnicornLibrary lib : libraries()) {
            for (Counting c : Counting.values()) {
                hashes.add(lib.version() + " " + c.cliName() + " " + hash(lib, c, scenario, sets));
            }
        }
        String reference = hashes.getFirst().substring(hashes.getFirst().lastIndexOf(' ') + 1);
        assertThat(hashes).as(scenario + " seed 0x" + Long.toHexString(seed))
                .allSatisfy(h -> assertThat(h).endsWith(" " + reference));
    }

    /**
     * On an AArch64 host (block counting steps its tail with a code hook there, toolchain-and-unicorn.md hazard A6)
     * the four configurations give one trace hash too, with the coherent fetch model and with Arm's (whose
     * {@code ISB}s are Java code hooks that read the count).
     */
    @TestFactory
    Stream<DynamicTest> onAnAarch64HostTheFourConfigurationsGiveOneTraceHash() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String xmc : List.of("coherent", "arm")) {
            tests.add(DynamicTest.dynamicTest("xen-default, arch = aarch64, xmc = " + xmc, () -> {
                List<String> sets = List.of("arch=aarch64", "xmc=" + xmc);
                List<String> hashes = new ArrayList<>();
                for (UnicornLibrary lib : libraries()) {
                    for (Counting c : Counting.values()) {
                        hashes.add(lib.version() + " " + c.cliName() + " " + hash(lib, c, "xen-default", sets));
                    }
                }
                String reference = hashes.getFirst().substring(hashes.getFirst().lastIndexOf(' ') + 1);
                assertThat(hashes).allSatisfy(h -> assertThat(h).endsWith(" " + reference));
            }));
        }
        return tests.stream();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> scenarios() {
        return net.jqwik.api.Arbitraries.of(QUICK);
    }

    /** The trace hash of {@code name} run with {@code lib} and {@code counting} (which its engines really used). */
    private static String hash(UnicornLibrary lib, Counting counting, String name, List<String> sets) {
        long before = lib.enginesOpened(counting);
        String hash = EngineDefaults.with(lib, counting,
                () -> ScenarioRunner.run(ScenarioLoader.load(name, sets), false).report().traceHash());
        assertThat(lib.enginesOpened(counting)).as("engines of " + lib + " counting per " + counting.cliName())
                .isGreaterThan(before);
        return hash;
    }
}
