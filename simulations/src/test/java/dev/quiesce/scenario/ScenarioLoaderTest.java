package dev.quiesce.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLoaderTest {

    @Test
    void everyBuiltInScenarioLoadsAndValidates() {
        for (String name : ScenarioLoader.builtIns()) {
            Scenario s = ScenarioLoader.load(name, List.of());
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.actions()).isNotEmpty();
            assertThat(s.replayLine()).startsWith("./quiesce run " + name + " --seed 0x");
        }
        assertThat(ScenarioLoader.load("large-host-128", List.of()).host().cpus()).isEqualTo(128);
        assertThat(ScenarioLoader.load("straggler", List.of()).stragglers()).hasSize(1);
    }

    @Test
    void anUnknownKeyNamesTheFileTheLineTheKeyAndTheLegalKeys(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("typo.conf");
        Files.writeString(f, "name = typo\n\nbarier.timeout = 5ms\n");
        assertThatThrownBy(() -> ScenarioLoader.load(f.toString(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("typo.conf:3")
                .hasMessageContaining("unknown key 'quiesce.scenario.barier.timeout'")
                .hasMessageContaining("barrier.timeout");
    }

    @Test
    void aHistoryBlockIsAcceptedAndIgnoredWhileOtherUnknownKeysAreStillRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a-case.conf");
        Files.writeString(f, "name = a-case\nhistory { commit = \"c5ed88110cd1\", anything { goes = 1 } }\n");
        Scenario withHistory = ScenarioLoader.load(f.toString(), List.of());
        Files.writeString(f, "name = a-case\n");
        Scenario without = ScenarioLoader.load(f.toString(), List.of());
        assertThat(withHistory.name()).isEqualTo("a-case");
        assertThat(withHistory.protocol()).isEqualTo(without.protocol());
        assertThat(withHistory.actions()).isEqualTo(without.actions());
        Files.writeString(f, "name = a-case\nhistory { }\nhistroy { commit = 1 }\n");
        assertThatThrownBy(() -> ScenarioLoader.load(f.toString(), List.of()))
                .hasMessageContaining(f + ":3: unknown key 'quiesce.scenario.histroy.commit'");
    }

    @Test
    void aBadValueNamesTheFileLineKeyAndLegalValues(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "name = bad\nprotocol = kpatch\n");
        assertThatThrownBy(() -> ScenarioLoader.load(f.toString(), List.of()))
                .hasMessageContaining("bad.conf:2")
                .hasMessageContaining("quiesce.scenario.protocol = 'kpatch' is not legal")
                .hasMessageContaining("xen.rendezvous, stop-machine.stack-check, text-poke.int3, lazy.per-cpu,"
                        + " unsafe.no-barrier");
        Files.writeString(f, "name = bad\nhost { cpus = 999 }\n");
        assertThatThrownBy(() -> ScenarioLoader.load(f.toString(), List.of()))
                .hasMessageContaining("bad.conf:2").hasMessageContaining("cpus = 999 is out of range; legal: 1..256");
        Files.writeString(f, "name = bad\nduration = banana\n");
        assertThatThrownBy(() -> ScenarioLoader.load(f.toString(), List.of()))
                .hasMessageContaining("bad.conf:2").hasMessageContaining("quiesce.scenario.duration");
    }

    @Test
    void theLivenessBoundDefaultsToAHundredMicrosecondsAndIsRangeChecked() {
        assertThat(ScenarioLoader.load("xen-default", List.of()).oracleSettings().livenessBoundNs()).isEqualTo(100_000);
        assertThat(ScenarioLoader.load("xen-default", List.of("oracle-settings.liveness-bound=2ms")).oracleSettings()
                .livenessBoundNs()).isEqualTo(2_000_000);
        assertThatThrownBy(() -> ScenarioLoader.load("xen-default", List.of("oracle-settings.liveness-bound=2s")))
                .hasMessageContaining("oracle-settings.liveness-bound").hasMessageContaining("out of range");
        assertThat(ScenarioLoader.load("xen-default", List.of("oracles=[SideStateRestored, RendezvousLiveness]"))
                .oracles()).containsExactly("SideStateRestored", "RendezvousLiveness");
    }

    @Test
    void xmcChoosesTheHostsCrossModifyingCodeModel_andAnUnknownOneListsTheLegalOnes() {
        assertThat(ScenarioLoader.load("xen-default", List.of()).host().xmc())
                .isEqualTo(dev.quiesce.emulator.memory.XmcModel.COHERENT);
        assertThat(ScenarioLoader.load("xen-default", List.of("xmc=errata")).host().xmc())
                .isEqualTo(dev.quiesce.emulator.memory.XmcModel.ERRATA);
        assertThatThrownBy(() -> ScenarioLoader.load("xen-default", List.of("xmc=sloppy")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xmc")
                .hasMessageContaining("coherent").hasMessageContaining("serialize").hasMessageContaining("errata");
    }

    @Test
    void textPokeInt3HandlerChoosesJavaOrTheGuest_andAnUnknownOneListsTheLegalOnes() {
        assertThat(ScenarioLoader.load("xen-default", List.of()).host().int3Handler())
                .isEqualTo(dev.quiesce.host.Int3Handler.JAVA);
        assertThat(ScenarioLoader.load("xen-default", List.of("text-poke.int3-handler=guest")).host().int3Handler())
                .isEqualTo(dev.quiesce.host.Int3Handler.GUEST);
        assertThatThrownBy(() -> ScenarioLoader.load("xen-default", List.of("text-poke.int3-handler=kernel")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int3-handler")
                .hasMessageContaining("java").hasMessageContaining("guest");
    }

    @Test
    void anActionOnAPayloadNotUploadedIsRefused() {
        assertThatThrownBy(() -> ScenarioLoader.load("xen-default", List.of("payloads=[triple]")))
                .hasMessageContaining("xen_hello_world' is not uploaded").hasMessageContaining("[triple]");
    }

    @Test
    void setsOverrideTheFileAndTravelInTheReplayLine() {
        Scenario s = ScenarioLoader.load("straggler", List.of("barrier.timeout=1ms", "retry=\"fixed(5,1ms)\"",
                "host.cpus=2", "stragglers=[{cpu=1,at=190us,iterations=100}]"));
        assertThat(s.actions().getFirst().timeoutNs()).isEqualTo(1_000_000);
        assertThat(s.retry().describe()).contains("fixed");
        assertThat(s.host().cpus()).isEqualTo(2);
        assertThat(s.replayLine()).isEqualTo("./quiesce run straggler --seed 0x5eed --set 'barrier.timeout=1ms'"
                + " --set 'retry=\"fixed(5,1ms)\"' --set 'host.cpus=2' --set 'stragglers=[{cpu=1,at=190us,iterations=100}]'");
        assertThatThrownBy(() -> ScenarioLoader.load("straggler", List.of("host.cpus=2")))
                .hasMessageContaining("stragglers[0]").hasMessageContaining("cpu = 3 is out of range; legal: 0..1");
    }

    @Test
    void aScenarioNameWithATerminalEscapeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScenarioLoader.load("xen-default",
                java.util.List.of("name=\"red\\u001b[31m\""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has control characters");
    }
}
