package dev.quiesce.splice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.payload.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Xen's regression payloads with pre/post and action hooks (docs/xen-livepatch.md §6: xen_prepost_hooks,
 * xen_prepost_hooks_fail, xen_action_hooks*) show their row's behaviour through the registry. Their hooks assert
 * with {@code BUG_ON} (a {@code ud2}): a hook that traps fails its action with -EFAULT, so every rc 0 below also
 * says the guest's own checks held.
 */
class HookPayloadsTest {

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

    private void assertStatus(String name, PayloadState state, int rc) {
        PayloadStatus s = registry.get(name);
        assertThat(s.state()).as("%s state (%s)", name, s.detail()).isEqualTo(state);
        assertThat(s.rc()).as("%s rc (%s)", name, s.detail()).isEqualTo(rc);
    }

    @Test
    void prepostHooks_vetoTheFirstRevert_thenAllowTheRetry_withTheCountsThePostRevertHookChecks() {
        String p = "xen_prepost_hooks";
        upload(p);
        assertThat(act(p, Action.APPLY).rc()).isZero();
        assertStatus(p, PayloadState.APPLIED, 0);

        XenResult vetoed = act(p, Action.REVERT);
        assertThat(vetoed.rc()).as("pre_revert_hook returns -1 the first time").isEqualTo(-1);
        assertStatus(p, PayloadState.APPLIED, -1);
        assertThat(host.extra()).isEqualTo("Hello World");

        assertThat(act(p, Action.REVERT).rc()).isZero();
        assertStatus(p, PayloadState.CHECKED, 0);
        assertThat(host.extra()).isEqualTo(BASE_EXTRA);
        assertThat(registry.console()).contains("livepatch: xen_prepost_hooks: Calling post-revert hook function with rc=0");
    }

    @Test
    void prepostHooksFail_vetoesTheApplyWithEinval_andNoOtherHookRuns() {
        String p = "xen_prepost_hooks_fail";
        upload(p);

        XenResult r = act(p, Action.APPLY);

        assertThat(r.errno()).contains(Errno.EINVAL);
        assertStatus(p, PayloadState.CHECKED, Errno.EINVAL.negated());
        assertThat(registry.console()).noneMatch(l -> l.contains("post-") || l.contains("Applying"));
        assertThat(act(p, Action.REVERT).rc()).as("REVERT of a CHECKED payload: a silent 0").isZero();
        assertStatus(p, PayloadState.CHECKED, Errno.EINVAL.negated());
    }

    @Test
    void actionHooks_replaceTheNativeApplyAndRevert_eachRunningOnce() {
        String p = "xen_action_hooks";
        upload(p);

        assertThat(act(p, Action.APPLY).rc()).isZero();
        assertStatus(p, PayloadState.APPLIED, 0);
        assertThat(host.extra()).as("the apply hook only marks; nothing is spliced").isEqualTo(BASE_EXTRA);

        assertThat(act(p, Action.REVERT).rc()).isZero();
        assertStatus(p, PayloadState.CHECKED, 0);
    }

    @Test
    void actionHooksNofunc_isAValidHooksOnlyPayload_whoseHooksSeeZeroFunctions() {
        String p = "xen_action_hooks_nofunc";
        upload(p);

        act(p, Action.APPLY);
        assertStatus(p, PayloadState.APPLIED, 0);
        act(p, Action.REVERT);
        assertStatus(p, PayloadState.CHECKED, 0);
    }

    @Test
    void actionHooksMarker_seesTheMarkersTheNativeApplyAndRevertSet() {
        String p = "xen_action_hooks_marker";
        upload(p);

        act(p, Action.APPLY);
        assertStatus(p, PayloadState.APPLIED, 0);
        assertThat(host.extra()).isEqualTo("Hello World");
        act(p, Action.REVERT);
        assertStatus(p, PayloadState.CHECKED, 0);
        assertThat(host.extra()).isEqualTo(BASE_EXTRA);
    }

    @Test
    void actionHooksNoapply_failsConsistently_staysChecked_andPostApplyStillRuns() {
        String p = "xen_action_hooks_noapply";
        upload(p);

        assertThat(act(p, Action.APPLY).rc()).as("accepted").isZero();

        assertStatus(p, PayloadState.CHECKED, Errno.EINVAL.negated());
        assertThat(registry.console()).contains(
                "livepatch: xen_action_hooks_noapply: Calling post-apply hook function with rc=-22");
        assertThat(host.extra()).isEqualTo(BASE_EXTRA);
    }

    @Test
    void actionHooksNorevert_failsConsistently_staysApplied_andPostRevertStillRuns() {
        String p = "xen_action_hooks_norevert";
        upload(p);
        act(p, Action.APPLY);

        assertThat(act(p, Action.REVERT).rc()).isZero();

        assertStatus(p, PayloadState.APPLIED, Errno.EINVAL.negated());
        assertThat(host.extra()).isEqualTo("Hello World");
        assertThat(registry.appliedStack()).containsExactly(p);
    }

    @Test
    void aHookThatTraps_failsTheActionWithEfault_andLeavesThePayloadWholeApplied() {
        String hello = "xen_hello_world";
        upload(hello);
        act(hello, Action.APPLY);
        act(hello, Action.REVERT);
        assertThat(act(hello, Action.REPLACE).rc()).as("REPLACE skips safe_to_reapply").isZero();
        assertStatus(hello, PayloadState.APPLIED, 0);

        assertThat(act(hello, Action.REVERT).rc()).isZero();

        PayloadStatus s = registry.get(hello);
        assertThat(s.rc()).isEqualTo(HookFault.ERRNO.negated()).isEqualTo(Errno.EFAULT.negated());
        assertThat(s.state()).isEqualTo(PayloadState.APPLIED);
        assertThat(s.detail()).contains("check_fnc").contains("INVALID_INSTRUCTION");
        assertThat(host.extra()).as("spliced back in after the unload hook trapped").isEqualTo("Hello World");
    }

    @Test
    void aTimedOutApply_skipsThePostHook_butThePreHookHasRun() {
        QueueExecutor executor = new QueueExecutor();
        LivepatchRegistry r = host.registry(executor);
        String p = "xen_prepost_hooks";
        r.upload(p, TestHost.sample(p));

        assertThat(r.action(p, Action.APPLY, 0, 0).rc()).isZero();
        assertThat(r.get(p).pending()).isTrue();
        executor.timeOut();

        assertThat(r.get(p)).extracting(PayloadStatus::state, PayloadStatus::rc)
                .containsExactly(PayloadState.CHECKED, Errno.EBUSY.negated());
        assertThat(r.console()).anyMatch(l -> l.contains("Calling pre-apply hook"))
                .noneMatch(l -> l.contains("post-apply"));
        assertThat(host.extra()).isEqualTo(BASE_EXTRA);
    }
}
