package dev.quiesce.splice.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.splice.SpliceEngine;
import dev.quiesce.splice.X86_64Isa;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry answers each documented corner of Xen's sub-ops (docs/xen-livepatch.md §1.3–§1.9) with Xen's errno and Xen's
 * quirk: wrong-state zeros, stale -EAGAIN, one outstanding action, name checks, the payload area, duplicates.
 */
class ActionQuirksTest {

    private static final String HELLO = "xen_hello_world";
    private static final String NOP = "xen_nop";

    private final TestHost host = new TestHost();
    private final QueueExecutor executor = new QueueExecutor();
    private final LivepatchRegistry registry = host.registry(executor);

    @AfterEach
    void close() {
        host.close();
    }

    private void upload(String name) {
        assertThat(registry.upload(name, TestHost.sample(name)).rc()).as("upload %s", name).isZero();
    }

    @Test
    void anActionInTheWrongState_returnsZeroAndLeavesRcAlone_butUnloadOfAnAppliedPayloadIsEinval() {
        upload(NOP);
        assertThat(registry.action(NOP, Action.REVERT, 0, 0).rc()).isZero();
        assertThat(executor.pending()).isEmpty();
        registry.action(NOP, Action.APPLY, 0, 0);
        executor.run();

        assertThat(registry.action(NOP, Action.APPLY, 0, 0).rc()).isZero();
        assertThat(registry.action(NOP, Action.REPLACE, 0, 0).rc()).isZero();
        assertThat(executor.pending()).isEmpty();
        assertThat(registry.action(NOP, Action.UNLOAD, 0, 0).errno()).contains(Errno.EINVAL);
        assertThat(registry.get(NOP).rc()).isZero();
    }

    @Test
    void aSecondActionWhileOneIsOutstanding_isEbusy_andLeavesAStaleEagain() {
        upload(HELLO);
        upload(NOP);
        assertThat(registry.action(HELLO, Action.APPLY, 0, 0).rc()).isZero();
        assertThat(registry.get(HELLO).pending()).as("GET works while pending").isTrue();

        assertThat(registry.action(HELLO, Action.APPLY, 0, 0).errno()).as("work scheduled for it")
                .contains(Errno.EBUSY);
        assertThat(registry.action(NOP, Action.APPLY, 0, 0).errno()).contains(Errno.EBUSY);
        assertThat(registry.get(NOP).rc()).as("stale -EAGAIN").isEqualTo(Errno.EAGAIN.negated());

        assertThat(executor.run()).isTrue();
        assertThat(registry.get(HELLO)).extracting(PayloadStatus::state, PayloadStatus::rc)
                .containsExactly(PayloadState.APPLIED, 0);
        assertThat(registry.get(NOP).rc()).as("still stale").isEqualTo(Errno.EAGAIN.negated());
        assertThat(registry.action(NOP, Action.APPLY, Action.NODEPS, 0).rc()).as("the hypervisor ignores rc").isZero();
        executor.run();
        assertThat(registry.get(NOP).rc()).isZero();
    }

    @Test
    void busyCpuMaps_failScheduleWithEbusy_leavingEagain() {
        upload(NOP);
        executor.cpuMapsBusy = true;

        assertThat(registry.action(NOP, Action.APPLY, 0, 0).errno()).contains(Errno.EBUSY);
        assertThat(registry.get(NOP).rc()).isEqualTo(Errno.EAGAIN.negated());
        assertThat(executor.pending()).isEmpty();
    }

    @Test
    void unload_isAllowedWhileAnotherPayloadsActionIsInFlight() {
        upload(HELLO);
        upload(NOP);
        registry.action(HELLO, Action.APPLY, 0, 0);

        assertThat(registry.action(NOP, Action.UNLOAD, 0, 0).rc()).isZero();
        assertThat(registry.list()).extracting(PayloadStatus::name).containsExactly(HELLO);
        assertThat(registry.version()).as("two uploads, one unload").isEqualTo(4);
    }

    @Test
    void theTimeoutDefaultsTo30ms_andTheActionCarriesIt() {
        upload(NOP);
        registry.action(NOP, Action.APPLY, 0, 0);
        assertThat(executor.pending().orElseThrow().timeoutNs()).isEqualTo(30_000_000L);
        executor.run();
        registry.action(NOP, Action.REVERT, 0, 5_000_000L);
        assertThat(executor.pending().orElseThrow().timeoutNs()).isEqualTo(5_000_000L);
        assertThat(executor.pending().orElseThrow().action()).isEqualTo(Action.REVERT);
    }

    @Test
    void names_areCheckedAsGetNameDoes() {
        String longName = "x".repeat(128);
        assertThat(registry.upload(longName, TestHost.sample(NOP)).errno()).contains(Errno.EINVAL);
        byte[] nul = "abc\0".getBytes(StandardCharsets.UTF_8);
        assertThat(registry.action(XenName.raw(nul, 4, new byte[] {0, 1, 0}), 3, 0, 0).errno()).contains(Errno.EINVAL);
        assertThat(registry.action(XenName.raw(nul, 9, new byte[3]), 3, 0, 0).errno()).contains(Errno.EFAULT);
        assertThat(registry.upload(XenName.raw(nul, 9, new byte[3]), TestHost.sample(NOP)).errno())
                .as("UPLOAD maps every name error to -EINVAL").contains(Errno.EINVAL);
        assertThat(registry.action(XenName.raw("abc".getBytes(StandardCharsets.UTF_8), 3, new byte[3]), 3, 0, 0)
                .errno()).contains(Errno.EINVAL);
        assertThat(registry.action(XenName.raw(nul, 0, new byte[3]), 3, 0, 0).errno()).contains(Errno.EINVAL);
        assertThat(registry.action("nope", Action.APPLY, 0, 0).errno()).contains(Errno.ENOENT);
        assertThatThrownBy(() -> registry.get("nope")).isInstanceOfSatisfying(LivepatchException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void anUnknownCommand_isEopnotsupp_afterTheNameAndBusyChecks() {
        upload(NOP);
        assertThat(registry.action(XenName.of(NOP), 9, 0, 0).errno()).contains(Errno.EOPNOTSUPP);
        assertThat(registry.action(XenName.of("nope"), 9, 0, 0).errno()).contains(Errno.ENOENT);
    }

    @Test
    void theSameBuildIdUnderAnotherName_orAClashingSymbol_isEexist() {
        upload(HELLO);
        XenResult dup = registry.upload("hello2", TestHost.sample(HELLO));
        assertThat(dup.errno()).contains(Errno.EEXIST);
        assertThat(dup.message()).contains("build-id");
        XenResult clash = registry.upload("xen_prepost_hooks", TestHost.sample("xen_prepost_hooks"));
        assertThat(clash.errno()).contains(Errno.EEXIST);
        assertThat(clash.message()).contains("duplicate new symbol");
        assertThat(registry.list()).hasSize(1);
    }

    @Test
    void aFullPayloadArea_isEnomem_andUnloadGivesTheRoomBack() {
        try (TestHost small = new TestHost(6 * 4096)) {
            LivepatchRegistry r = small.registry();
            assertThat(r.upload(HELLO, TestHost.sample(HELLO)).rc()).isZero();
            XenResult full = r.upload(NOP, TestHost.sample(NOP));
            assertThat(full.errno()).contains(Errno.ENOMEM);
            assertThat(full.message()).contains("unload");
            assertThat(r.action(HELLO, Action.UNLOAD, 0, 0).rc()).isZero();
            assertThat(r.upload(NOP, TestHost.sample(NOP)).rc()).isZero();
        }
    }

    @Test
    void replace_checksDependsAgainstTheImage_andRefusesVetoingHooks() {
        upload(HELLO);
        registry.action(HELLO, Action.APPLY, 0, 0);
        executor.run();
        upload("xen_bye_world");
        assertThat(registry.action("xen_bye_world", Action.REPLACE, Action.NODEPS, 0).message())
                .contains("check against hypervisor build-id failed");
        registry.action(HELLO, Action.REVERT, 0, 0);
        executor.run();
        registry.action(HELLO, Action.UNLOAD, 0, 0);
        upload("xen_action_hooks_marker");
        assertThat(registry.action("xen_action_hooks_marker", Action.REPLACE, 0, 0).errno())
                .contains(Errno.EOPNOTSUPP);
    }

    @Test
    void nodeps_appliesAPayloadOutOfStackOrder() {
        upload("xen_bye_world");
        assertThat(registry.action("xen_bye_world", Action.APPLY, 0, 0).errno()).contains(Errno.EINVAL);
        assertThat(registry.action("xen_bye_world", Action.APPLY, Action.NODEPS, 0).rc()).isZero();
        executor.run();
        assertThat(host.extra()).isEqualTo("Bye World!");
    }

    @Test
    void aHostRequiringSignatures_refusesABarePayloadWithEacces() {
        try (TestHost other = new TestHost()) {
            LivepatchRegistry strict = new LivepatchRegistry(other, new SpliceEngine(other.memory(),
                    X86_64Isa.INSTANCE), ImmediateExecutor.INSTANCE, SignaturePolicy.requireSignedBy(
                    dev.quiesce.payload.envelope.Keys.fromSeed(new byte[32]).getPublic()));
            assertThat(strict.upload(NOP, TestHost.sample(NOP)).errno()).contains(Errno.EACCES);
        }
    }

    @Test
    void sizeLimits_emptyOrOver2MiB_areEinval() {
        assertThat(registry.upload("empty", new byte[0]).errno()).contains(Errno.EINVAL);
        byte[] big = Arrays.copyOf(TestHost.sample(NOP), LivepatchRegistry.MAX_PAYLOAD_SIZE + 1);
        assertThat(registry.upload("big", big).errno()).contains(Errno.EINVAL);
    }
}
