package dev.quiesce.splice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.payload.Errno;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Xen's regression payloads without vetoing hooks (docs/xen-livepatch.md §6: xen_hello_world, xen_bye_world,
 * xen_replace_world, xen_nop, xen_no_xen_buildid, xen_expectations, xen_expectations_fail) show through the
 * registry the behaviour their row describes; the guest itself (its {@code xen_extra_version()} called on Unicorn,
 * its hooks' {@code BUG_ON}s) is the oracle.
 */
class RegressionPayloadsTest {

    private static final String HELLO = "xen_hello_world";
    private static final String BYE = "xen_bye_world";
    private static final String REPLACE = "xen_replace_world";
    private static final String BASE_EXTRA = "-quiesce";

    private final TestHost host = new TestHost();
    private final LivepatchRegistry registry = host.registry();

    @AfterEach
    void close() {
        host.close();
    }

    private void upload(String name) {
        assertThat(registry.upload(name, TestHost.sample(name)).rc()).as("upload %s", name).isZero();
    }

    private XenResult act(String name, Action cmd) {
        return registry.action(name, cmd, 0, 0);
    }

    private long counter(String payload, String symbol) {
        long at = registry.symbols(payload).orElseThrow().all().stream().filter(s -> s.name().equals(symbol))
                .findFirst().orElseThrow().address();
        return Integer.toUnsignedLong(host.memory().readU32(at));
    }

    @Test
    void helloWorld_appliesAndReverts_runningLoadAndUnloadHooksOncePerAction() {
        upload(HELLO);
        assertThat(registry.get(HELLO).state()).isEqualTo(PayloadState.CHECKED);

        assertThat(act(HELLO, Action.APPLY).rc()).isZero();
        assertThat(registry.get(HELLO)).extracting(PayloadStatus::state, PayloadStatus::rc)
                .containsExactly(PayloadState.APPLIED, 0);
        assertThat(host.extra()).isEqualTo("Hello World");
        assertThat(counter(HELLO, "cnt")).as("hi_func ran once as a load hook").isEqualTo(1);
        assertThat(registry.get(HELLO).metadata()).containsExactly("LIVEPATCH_RULEZ");

        assertThat(act(HELLO, Action.REVERT).rc()).isZero();
        PayloadStatus reverted = registry.get(HELLO);
        assertThat(reverted.rc()).as("check_fnc's BUG_ON did not trap: %s", reverted.detail()).isZero();
        assertThat(reverted.state()).isEqualTo(PayloadState.CHECKED);
        assertThat(reverted.reverted()).isTrue();
        assertThat(host.extra()).isEqualTo(BASE_EXTRA);
        assertThat(counter(HELLO, "cnt")).as("hi_func ran once more as an unload hook").isEqualTo(2);
    }

    @Test
    void helloWorld_reappliedAfterRevert_isRefusedThroughRcBecauseItHasData() {
        upload(HELLO);
        act(HELLO, Action.APPLY);
        act(HELLO, Action.REVERT);

        XenResult again = act(HELLO, Action.APPLY);

        assertThat(again.rc()).as("the hypercall returns 0 (quirk)").isZero();
        assertThat(registry.get(HELLO).rc()).isEqualTo(Errno.EINVAL.negated());
        assertThat(registry.get(HELLO).detail()).contains("can't revert as payload has .data. Please unload");
        assertThat(registry.get(HELLO).safeToReapply()).isFalse();
        assertThat(host.extra()).isEqualTo(BASE_EXTRA);
    }

    @Test
    void byeWorld_appliesOnlyOnTopOfHello_andHelloCannotBeRevertedWhileByeIsOnTop() {
        upload(BYE);
        XenResult alone = act(BYE, Action.APPLY);
        assertThat(alone.errno()).contains(Errno.EINVAL);
        assertThat(alone.message()).contains("check against hypervisor build-id failed");

        upload(HELLO);
        act(HELLO, Action.APPLY);
        assertThat(act(BYE, Action.APPLY).rc()).isZero();
        assertThat(host.extra()).isEqualTo("Bye World!");
        assertThat(registry.appliedStack()).containsExactly(HELLO, BYE);

        XenResult underneath = act(HELLO, Action.REVERT);
        assertThat(underneath.errno()).contains(Errno.EBUSY);
        assertThat(underneath.message()).contains("can't unload. Top is " + BYE);
        assertThat(registry.get(HELLO).rc()).as("rc untouched by the refusal").isZero();

        assertThat(act(BYE, Action.REVERT).rc()).isZero();
        assertThat(host.extra()).as("bye's undo bytes are hello's JMP").isEqualTo("Hello World");
        assertThat(act(HELLO, Action.REVERT).rc()).isZero();
        assertThat(host.extra()).isEqualTo(BASE_EXTRA);
        assertThat(registry.get(HELLO).rc()).isZero();
    }

    @Test
    void replaceWorld_revertsTheStackLifo_thenAppliesItself_resolvingItsOldFunctionByName() {
        upload(HELLO);
        act(HELLO, Action.APPLY);
        upload(BYE);
        act(BYE, Action.APPLY);
        upload(REPLACE);
        registry.drainConsole();

        assertThat(act(REPLACE, Action.REPLACE).rc()).isZero();

        assertThat(registry.get(REPLACE)).extracting(PayloadStatus::state, PayloadStatus::rc)
                .containsExactly(PayloadState.APPLIED, 0);
        assertThat(registry.appliedStack()).containsExactly(REPLACE);
        assertThat(host.extra()).isEqualTo("Hello Again World!");
        for (String p : List.of(HELLO, BYE)) {
            assertThat(registry.get(p)).extracting(PayloadStatus::state, PayloadStatus::rc, PayloadStatus::reverted)
                    .containsExactly(PayloadState.CHECKED, 0, true);
        }
        List<String> log = registry.console();
        assertThat(log).containsSubsequence("livepatch: xen_bye_world: Reverting", "livepatch: xen_hello_world: Reverting",
                "livepatch: xen_replace_world: Applying 1 functions");
        assertThat(log).noneMatch(l -> l.contains("post-"));

        assertThat(act(REPLACE, Action.REVERT).rc()).isZero();
        assertThat(host.extra()).isEqualTo(BASE_EXTRA);
    }

    @Test
    void nop_nopsXenMinorVersionExceptItsRet_andRevertRestoresIt_andItMayBeReapplied() {
        assertThat(host.minor()).isEqualTo(17);
        upload("xen_nop");
        assertThat(registry.get("xen_nop").safeToReapply()).isTrue();

        act("xen_nop", Action.APPLY);
        assertThat(host.minor()).as("the mov is NOPed; RAX keeps the caller's 0").isNotEqualTo(17);
        act("xen_nop", Action.REVERT);
        assertThat(host.minor()).isEqualTo(17);
        assertThat(act("xen_nop", Action.APPLY).rc()).isZero();
        assertThat(registry.get("xen_nop").state()).isEqualTo(PayloadState.APPLIED);
        assertThat(host.minor()).isNotEqualTo(17);

        XenResult unload = act("xen_nop", Action.UNLOAD);
        assertThat(unload.errno()).contains(Errno.EINVAL);
        assertThat(registry.get("xen_nop").state()).isEqualTo(PayloadState.APPLIED);
    }

    @Test
    void noXenBuildid_isRefusedAtUploadWithEinval() {
        XenResult r = registry.upload("xen_no_xen_buildid", TestHost.sample("xen_no_xen_buildid"));

        assertThat(r.errno()).contains(Errno.EINVAL);
        assertThat(r.message()).contains(".livepatch.xen_depends").contains("rebuild");
        assertThat(registry.list()).isEmpty();
        assertThat(registry.version()).isEqualTo(1);
    }

    @Test
    void expectations_matchingTheOldFunctionsBytes_letTheApplyProceed() {
        upload("xen_expectations");

        assertThat(act("xen_expectations", Action.APPLY).rc()).isZero();

        assertThat(registry.get("xen_expectations").state()).isEqualTo(PayloadState.APPLIED);
        assertThat(host.extra()).isEqualTo("Hello World");
    }

    @Test
    void expectationsFail_isRefusedSynchronouslyWithEinval_leavingRcAndCodeAlone() {
        upload("xen_expectations_fail");

        XenResult r = act("xen_expectations_fail", Action.APPLY);

        assertThat(r.errno()).contains(Errno.EINVAL);
        assertThat(r.message()).contains("expectation failed");
        assertThat(registry.get("xen_expectations_fail")).extracting(PayloadStatus::state, PayloadStatus::rc)
                .containsExactly(PayloadState.CHECKED, 0);
        assertThat(host.extra()).isEqualTo(BASE_EXTRA);
    }

    @Test
    void replaceWithAFailingExpectation_leavesEveryPayloadReverted() {
        upload(HELLO);
        act(HELLO, Action.APPLY);
        upload("xen_expectations_fail");

        assertThat(act("xen_expectations_fail", Action.REPLACE).rc()).as("accepted: checked only in the window")
                .isZero();

        assertThat(registry.get("xen_expectations_fail").rc()).isEqualTo(Errno.EINVAL.negated());
        assertThat(registry.get("xen_expectations_fail").detail()).contains("SYSTEM MIGHT BE INSECURE");
        assertThat(registry.get(HELLO)).extracting(PayloadStatus::state, PayloadStatus::rc)
                .containsExactly(PayloadState.CHECKED, 0);
        assertThat(registry.appliedStack()).isEmpty();
        assertThat(host.extra()).isEqualTo(BASE_EXTRA);
    }
}
