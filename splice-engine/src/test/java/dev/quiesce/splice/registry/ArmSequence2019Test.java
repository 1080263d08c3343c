package dev.quiesce.splice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sequence of the 2019 arm64 run (docs/xen-livepatch.md §6, xen-devel "[PATCH v2 08/12] livepatch: Add support for inline
 * asm hotpatching expectations"), driven through the xen-livepatch flow ({@link Tool}) over the registry, with
 * {@code xl info}'s xen_extra read by calling the guest's {@code xen_extra_version()}.
 */
class ArmSequence2019Test {

    private static final String HELLO = "xen_hello_world";
    private static final String BYE = "xen_bye_world";
    private static final String REPLACE = "xen_replace_world";
    private static final String NOP = "xen_nop";

    private final TestHost host = new TestHost();
    private final LivepatchRegistry registry = host.registry();
    private final Tool tool = new Tool(registry);

    @AfterEach
    void close() {
        host.close();
    }

    private Tool.Outcome load(String name) {
        return tool.load(name, TestHost.sample(name), 0);
    }

    @Test
    void theArm64Transcript_showsTheSameStatusesErrorsAndStrings() {
        assertThat(load(HELLO).exit()).isZero();
        assertThat(host.extra()).isEqualTo("Hello World");

        Tool.Outcome twice = load(HELLO);
        assertThat(twice.exit()).isEqualTo(17);
        assertThat(twice.text()).contains("Error 17");

        registry.drainConsole();
        assertThat(tool.action(HELLO, Action.REVERT, 0).exit()).isZero();
        assertThat(registry.get(HELLO).rc()).as("check_fnc (count 1) then hi_func (count 2) returned").isZero();
        assertThat(host.extra()).isEqualTo("-quiesce");

        assertThat(tool.action(HELLO, Action.UNLOAD, 0).exit()).isZero();
        Tool.Outcome again = tool.action(HELLO, Action.UNLOAD, 0);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.text()).contains("Error 2");

        assertThat(load(HELLO).exit()).isZero();
        assertThat(load(BYE).exit()).isZero();
        assertThat(host.extra()).isEqualTo("Bye World!");

        assertThat(tool.upload(REPLACE, TestHost.sample(REPLACE)).exit()).isZero();
        registry.drainConsole();
        assertThat(tool.action(REPLACE, Action.REPLACE, 0).exit()).isZero();
        assertThat(registry.console()).containsSubsequence("livepatch: xen_bye_world: Reverting",
                "livepatch: xen_hello_world: Reverting", "livepatch: xen_replace_world: Applying 1 functions");
        assertThat(host.extra()).isEqualTo("Hello Again World!");

        registry.drainConsole();
        Tool.Outcome helloAgain = tool.action(HELLO, Action.APPLY, 0);
        assertThat(helloAgain.exit()).isEqualTo(22);
        assertThat(registry.console()).contains("livepatch: xen_hello_world: can't revert as payload has .data. Please unload");

        Tool.Outcome byeAgain = tool.action(BYE, Action.APPLY, 0);
        assertThat(byeAgain.exit()).isEqualTo(22);
        assertThat(byeAgain.text()).contains("check against xen_replace_world build-id failed");

        assertThat(tool.action(REPLACE, Action.APPLY, 0).lines()).containsExactly("No action needed.");

        assertThat(tool.action(REPLACE, Action.REVERT, 0).exit()).isZero();
        for (String p : new String[] {REPLACE, BYE, HELLO}) {
            assertThat(tool.action(p, Action.UNLOAD, 0).exit()).as("unload %s", p).isZero();
        }
        assertThat(registry.list()).isEmpty();
        assertThat(host.extra()).isEqualTo("-quiesce");

        assertThat(load(NOP).exit()).isZero();
        assertThat(host.minor()).isNotEqualTo(17);
        assertThat(tool.action(NOP, Action.REVERT, 0).exit()).isZero();
        assertThat(host.minor()).isEqualTo(17);
        assertThat(tool.action(NOP, Action.APPLY, 0).exit()).isZero();
        Tool.Outcome wrong = tool.action(NOP, Action.UNLOAD, 0);
        assertThat(wrong.exit()).isEqualTo(-1);
        assertThat(wrong.text()).contains("wrong state");
        assertThat(tool.action(NOP, Action.REVERT, 0).exit()).isZero();
        assertThat(tool.action(NOP, Action.REVERT, 0).lines()).containsExactly("No action needed.");
    }
}
