package dev.quiesce.hunt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayFileTest {

    @Test
    void replayFile_readsBackWhatItWrote(@TempDir Path dir) throws Exception {
        ReplayFile f = new ReplayFile("nmi-in-patched-function", 0x2a, List.of("host.cpus=4",
                "host.interrupts.injections=[{cpu=3,at=51234ns,kind=nmi}]"), "ab12".repeat(16), "NoTornFetch", "torn: a: b");
        Path p = dir.resolve("x.replay");
        f.write(p);
        assertThat(Files.readString(p)).contains("scenario: nmi-in-patched-function\nseed: 0x2a\nset: host.cpus=4\n");
        assertThat(ReplayFile.read(p)).isEqualTo(f);
        assertThat(f.scenario().seed()).isEqualTo(0x2a);
        assertThat(f.scenario().host().cpus()).isEqualTo(4);
    }

    @Test
    void replayFile_withoutItsRequiredKeys_saysWhichAndWhere(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("y.replay");
        Files.writeString(p, "# a comment\nscenario: straggler\n");
        assertThatThrownBy(() -> ReplayFile.read(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("y.replay: a replay file needs scenario, seed and trace-hash lines");
        Files.writeString(p, "scenario: straggler\nseed: 1\ntrace-hash: " + "0".repeat(64) + "\noracle: NoTornFetch\n");
        assertThatThrownBy(() -> ReplayFile.read(p)).hasMessageContaining("both oracle and message, or neither");
    }

    @Test
    void aTraceHashThatIsNotASha256IsRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("h.replay");
        Files.writeString(p, "scenario: straggler\nseed: 1\ntrace-hash: zzzz\n");
        assertThatThrownBy(() -> ReplayFile.read(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trace-hash 'zzzz' is not 64 hex digits");
    }

    @Test
    void aRepeatedKeyOtherThanSetIsRefused(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("d.replay");
        Files.writeString(p, "scenario: straggler\nseed: 1\nseed: 2\ntrace-hash: " + "0".repeat(64) + "\n");
        assertThatThrownBy(() -> ReplayFile.read(p)).hasMessageContaining("d.replay:3: a second `seed:` line");
    }

    @Test
    void overrides_replaceAKeyAndWriteInjectionsInTheScenarioSyntax() {
        assertThat(Overrides.with(List.of("host.cpus=8", "duration=1ms", " host.cpus = 6"), "host.cpus", "4"))
                .containsExactly("duration=1ms", "host.cpus=4");
        assertThat(Overrides.injectionsValue(List.of(new dev.quiesce.host.InterruptSettings.Injection(3, 51234,
                dev.quiesce.interrupt.InterruptKind.NMI), new dev.quiesce.host.InterruptSettings.Injection(0, 7,
                dev.quiesce.interrupt.InterruptKind.IRQ)))).isEqualTo("[{cpu=3,at=51234ns,kind=nmi},{cpu=0,at=7ns,kind=irq}]");
        assertThat(Strategy.parse(" PCT ")).isEqualTo(Strategy.PCT);
    }
}
