package dev.quiesce.host;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostSettingsTest {

    private static HostSettings parse(String overrides) {
        return HostSettings.from(ConfigFactory.parseString(overrides, com.typesafe.config.ConfigParseOptions.defaults()
                .setOriginDescription("scenario.conf")).withFallback(ConfigFactory.load()));
    }

    @Test
    void defaults_areTheDocumentedOnes() {
        HostSettings s = HostSettings.defaults();
        assertThat(s.cpus()).isEqualTo(8);
        assertThat(s.quantumNs()).isEqualTo(1_000);
        assertThat(s.imageBase()).isEqualTo(0x400000);
        assertThat(s.cpu().picosPerInstruction()).isEqualTo(250);
        assertThat(s.interrupts().timerPeriodNs()).isEqualTo(250_000);
    }

    @Test
    void unknownKey_isRejectedNamingOriginKeyAndKnownKeys() {
        assertThatThrownBy(() -> parse("quiesce.host.cpu.picos-per-instrucion = 3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scenario.conf")
                .hasMessageContaining("unknown key 'quiesce.host.cpu.picos-per-instrucion'")
                .hasMessageContaining("cpu.picos-per-instruction");
    }

    @Test
    void outOfRange_isRejectedWithTheLegalRange() {
        assertThatThrownBy(() -> parse("quiesce.host.cpus = 300"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scenario.conf: 1")
                .hasMessageContaining("quiesce.host.cpus = 300 is out of range; legal: 1..256");
    }

    @Test
    void wrongType_isRejectedWithTheExpectedForm() {
        assertThatThrownBy(() -> parse("quiesce.host.quantum = fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quiesce.host.quantum has a wrong type or value")
                .hasMessageContaining("a duration such as 1us");
    }

    @Test
    void allWeightsZero_isRejected() {
        assertThatThrownBy(() -> parse("quiesce.host.workload { weight-hypercall = 0, weight-long-work = 0, "
                + "weight-irqs-off = 0, weight-idle = 0 }"))
                .hasMessageContaining("all weights are 0");
    }

    @Test
    void machineCheckSettings_haveTheirDefaultsAndRejectIllegalValuesListingTheLegalOnes() {
        HostSettings d = HostSettings.defaults();
        assertThat(d.interrupts().mceRatePerMs()).isZero();
        assertThat(WorkloadSettings.MCE_CALLS.get(d.workload().mceCalls())).isEqualTo("xen_extra_version");
        assertThatThrownBy(() -> parse("quiesce.host.workload.mce-calls = panic"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("legal: none, xen_extra_version, xen_minor_version, do_xen_version");
        assertThatThrownBy(() -> parse("quiesce.host.interrupts.injections = [{cpu = 0, at = 1us, kind = smi}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("legal: nmi, irq, mce");
        assertThatThrownBy(() -> parse("quiesce.host.interrupts.mce-rate-per-ms = -1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mce-rate-per-ms");
        assertThat(parse("quiesce.host.interrupts.injections = [{cpu = 1, at = 2us, kind = mce}]").interrupts()
                .injections()).containsExactly(new InterruptSettings.Injection(1, 2_000,
                        dev.quiesce.interrupt.InterruptKind.MCE));
    }
}
