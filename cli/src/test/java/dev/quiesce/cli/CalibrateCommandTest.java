package dev.quiesce.cli;

import dev.quiesce.fleet.model.CpuModel;
import dev.quiesce.fleet.model.FleetModel;
import dev.quiesce.fleet.model.ModelCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrateCommandTest {

    @Test
    void calibrate_writesTheScenariosClass_andAppendAddsAnotherWithoutTouchingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.json");
        CliRun r = CliRun.of("calibrate", "xen-default", "-o", file.toString(), "--seeds", "2", "--duration", "300us",
                "--set", "host.cpus=2", "--max-samples", "512");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines().getFirst()).startsWith("calibrate xen-default: 2 seeds x 300us on 2 CPUs");
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).startsWith("quiescence gap: mean "))
                .anySatisfy(l -> assertThat(l).startsWith("straggler work: 1.2500 ns per iteration"))
                .anySatisfy(l -> assertThat(l).startsWith("wrote " + file + ": classes [xen-default]"));
        String first = Files.readString(file);
        CpuModel m = ModelCodec.read(file).model("xen-default");
        assertThat(m.quiescenceGapNs().size()).isEqualTo(512); // thinned: thousands were observed
        assertThat(m.quiescenceGapNs().quantile(0.99)).isBetween(1_000L, 10_000L); // long work between idle loops
        assertThat(m.irqRatePerMs()).isBetween(1.0, 20.0); // timer every 250us + 2 device IRQs per ms
        assertThat(m.stallNsPerIteration()).isCloseTo(1.25, within(0.01)); // 5 instructions x 250 ps
        assertThat(ModelCodec.read(file).classes().getFirst().calibration()).isEqualTo("quiesce calibrate xen-default"
                + " --seeds 2 --duration 300us --set 'host.cpus=2' --max-samples 512");

        CliRun again = CliRun.of("calibrate", "straggler", "-o", file.toString(), "--append", "--class", "batch",
                "--seeds", "1", "--duration", "200us", "--set", "host.cpus=2", "--threads", "1");
        assertThat(again.exit()).as(again.err()).isZero();
        FleetModel both = ModelCodec.read(file);
        assertThat(both.names()).containsExactly("xen-default", "batch");
        assertThat(ModelCodec.toJson(new FleetModel(both.classes().subList(0, 1)))).isEqualTo(first);
    }

    @Test
    void theModel_doesNotDependOnTheThreadCount(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("one.json");
        Path two = dir.resolve("two.json");
        String[] common = {"--seeds", "3", "--duration", "100us", "--set", "host.cpus=2"};
        assertThat(CliRun.of(concat(new String[] {"calibrate", "xen-default", "-o", one.toString(), "--threads", "1"},
                common)).exit()).isZero();
        assertThat(CliRun.of(concat(new String[] {"calibrate", "xen-default", "-o", two.toString(), "--threads", "3"},
                common)).exit()).isZero();
        assertThat(Files.readString(two)).isEqualTo(Files.readString(one));
    }

    @Test
    void badInput_getsAClearErrorAndExit2_andABrokenModelFileIsNamed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.json");
        CliRun seeds = CliRun.of("calibrate", "xen-default", "-o", out.toString(), "--seeds", "0");
        assertThat(seeds.exit()).isEqualTo(2);
        assertThat(seeds.err()).contains("--seeds must be at least 1, not 0");
        CliRun none = CliRun.of("calibrate", "no-such-scenario", "-o", out.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no scenario 'no-such-scenario'");
        assertThat(CliRun.of("calibrate", "xen-default").err()).contains("Missing required option: '--output=FILE'");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"quiesce-model\", \"version\": 1, \"classes\": [}");
        CliRun append = CliRun.of("calibrate", "xen-default", "-o", broken.toString(), "--append");
        assertThat(append.exit()).isEqualTo(2);
        assertThat(append.err()).contains("error: " + broken + ":1:55: expected a value");
        assertThat(Files.exists(out)).isFalse();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
