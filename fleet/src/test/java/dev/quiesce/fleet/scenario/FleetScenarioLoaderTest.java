package dev.quiesce.fleet.scenario;

import dev.quiesce.fleet.model.CpuModel;
import dev.quiesce.fleet.model.Empirical;
import dev.quiesce.fleet.model.FleetModel;
import dev.quiesce.fleet.model.ModelCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetScenarioLoaderTest {

    private static final String TEN_K = "../scenarios/fleet-10k.conf";

    @Test
    void fleet10k_hasTenThousandHostsInThreeClasses_twoEmulatedWebCanariesFirst() {
        FleetScenario s = FleetScenarioLoader.load(TEN_K, List.of());
        assertThat(s.hosts()).isEqualTo(10_000);
        assertThat(s.classes()).extracting(HostClass::cpus).containsExactly(32, 64, 128);
        assertThat(s.classes().get(1).stragglers().any()).isTrue();
        FleetLayout layout = new FleetLayout(s);
        assertThat(layout.counts()).containsExactly(6000, 3000, 1000);
        assertThat(layout.canaries()).hasSize(2).allSatisfy(h -> assertThat(layout.classOf(h).name()).isEqualTo("web"));
        assertThat(layout.order().subList(0, 2)).isEqualTo(layout.canaries());
        assertThat(layout.order()).hasSize(10_000).doesNotHaveDuplicates();
        // the classes are spread over the ids, not in blocks
        long bigInFirstThousand = java.util.stream.IntStream.range(0, 1000).filter(h -> layout.classOf(h).cpus() == 128)
                .count();
        assertThat(bigInFirstThousand).isBetween(60L, 140L);
    }

    @Test
    void aValueOutOfRange_namesTheKeyAndTheLegalValues() {
        assertThatThrownBy(() -> FleetScenarioLoader.load(TEN_K, List.of("rollout.growth-factor=0.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--set rollout.growth-factor=0.5")
                .hasMessageContaining("quiesce.fleet.rollout.growth-factor")
                .hasMessageContaining("legal: 1.0..1000.0");
        assertThatThrownBy(() -> FleetScenarioLoader.load(TEN_K, List.of("rollout.canary=3")))
                .hasMessageContaining("unknown key 'quiesce.fleet.rollout.canary'")
                .hasMessageContaining("rollout.canary-size");
        assertThatThrownBy(() -> FleetScenarioLoader.load(TEN_K, List.of("retry=sometimes")))
                .hasMessageContaining("quiesce.fleet.retry").hasMessageContaining("fixed(attempts,delay)");
        assertThatThrownBy(() -> FleetScenarioLoader.load("fleet-nowhere", List.of()))
                .hasMessageContaining("fleet-10k, fleet-canary-halt");
    }

    @Test
    void anUnknownPayloadName_isRefusedOnRead_namingTheKnownOnes_evenWithNoEmulatedCanary() {
        assertThatThrownBy(() -> FleetScenarioLoader.load(TEN_K, List.of("canaries.emulated=0",
                "payloads=[xen_hello_world, nope]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--set payloads=[xen_hello_world, nope]")
                .hasMessageContaining("quiesce.fleet.payloads names 'nope', which is not a sample payload")
                .hasMessageContaining("legal: distinct names of [xen_hello_world, xen_bye_world");
        assertThat(FleetScenarioLoader.load(TEN_K, List.of("payloads=[xen_hello_world, xen_bye_world]")).payloads())
                .containsExactly("xen_hello_world", "xen_bye_world");
    }

    @Test
    void aBadClass_isReportedWithItsFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, """
                hosts = 10
                classes = [
                  { name = a, share = 0.5, cpus = 8, model = xen-default }
                  { name = b, share = 0.4, cpus = 8, model = nope }
                ]
                """);
        assertThatThrownBy(() -> FleetScenarioLoader.load(f.toString(), List.of()))
                .hasMessageStartingWith(f + ":4").hasMessageContaining("quiesce.fleet.classes[1].model")
                .hasMessageContaining("names no model").hasMessageContaining("xen-default");
        assertThatThrownBy(() -> FleetScenarioLoader.load(f.toString(), List.of("classes=[{name=a,share=0.5,cpus=8,"
                + "model=xen-default},{name=b,share=0.4,cpus=8,model=xen-default}]")))
                .hasMessageContaining("quiesce.fleet.classes has shares summing to 0.9")
                .hasMessageContaining("legal: shares summing to 1");
    }

    @Test
    void classModels_comeInlineOrFromAModelFile(@TempDir Path dir) throws IOException {
        CpuModel calibrated = new CpuModel("calibrated-web", Empirical.of(new long[] {4_000, 6_000}), 3,
                Empirical.of(new long[] {2_000}), 0, Empirical.of(new long[] {1_000}));
        ModelCodec.write(FleetModel.empty().with(calibrated, "quiesce calibrate xen-default"), dir.resolve("m.json"));
        Path f = dir.resolve("fleet.conf");
        Files.writeString(f, """
                hosts = 4
                model-file = m.json
                classes = [
                  { name = a, share = 0.5, cpus = 8, model = calibrated-web }
                  { name = b, share = 0.5, cpus = 4, model = { quiescence-gap = [1us, 3us], irq-rate-per-ms = 2,
                    irq-duration = [1us], nmi-rate-per-ms = 0, nmi-duration = [1us] } }
                ]
                """);
        FleetScenario s = FleetScenarioLoader.load(f.toString(), List.of());
        assertThat(s.classes().get(0).model().quiescenceGapNs().samples()).containsExactly(4_000, 6_000);
        assertThat(s.classes().get(0).modelName()).isEqualTo("calibrated-web");
        assertThat(s.classes().get(1).model().quiescenceGapNs().samples()).containsExactly(1_000, 3_000);
        assertThat(s.classes().get(1).model().irqRatePerMs()).isEqualTo(2.0);
        assertThatThrownBy(() -> FleetScenarioLoader.load(f.toString(), List.of("model-file=missing.json")))
                .hasMessageContaining("quiesce.fleet.model-file").hasMessageContaining("cannot be read");
    }
}
