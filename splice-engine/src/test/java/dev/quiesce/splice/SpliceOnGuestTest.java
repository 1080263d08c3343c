package dev.quiesce.splice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.isa.X86;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Applies Xen's sample payloads to the gcc-built guest and checks, by calling the guest on Unicorn, what runs. */
class SpliceOnGuestTest {

    private final TestHost host = new TestHost();
    private final SpliceEngine engine = new SpliceEngine(host.memory(), X86_64Isa.INSTANCE);

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void helloWorld_applied_makesXenExtraVersionReturnHelloWorld_andRevertRestoresTheOldString() {
        TestHost.Loaded hello = host.load("xen_hello_world");
        assertThat(host.extraVersion()).isEqualTo("-quiesce");

        engine.apply("hello", hello.sites(), Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.extraVersion()).isEqualTo("Hello World");
        assertThat(engine.isApplied("hello")).isTrue();

        engine.revert("hello", Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.extraVersion()).isEqualTo("-quiesce");
        assertThat(engine.consistency("hello")).isEqualTo(Consistency.NONE_APPLIED);
    }

    @ParameterizedTest
    @EnumSource(Granularity.class)
    void everyGranularity_appliesAndRevertsHelloWorldOnTheGuest(Granularity g) {
        TestHost.Loaded hello = host.load("xen_hello_world");
        engine.apply("hello", hello.sites(), g, StoreListener.NONE);
        assertThat(host.extraVersion()).isEqualTo("Hello World");
        engine.revert("hello", g, StoreListener.NONE);
        assertThat(host.extraVersion()).isEqualTo("-quiesce");
    }

    @Test
    void byeWorld_stackedOnHello_runsBye_andRevertingByeRunsHelloAgain() {
        TestHost.Loaded hello = host.load("xen_hello_world");
        TestHost.Loaded bye = host.load("xen_bye_world");
        engine.apply("hello", hello.sites(), Granularity.WHOLE_SITE, StoreListener.NONE);
        engine.apply("bye", bye.sites(), Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.extraVersion()).isEqualTo("Bye World!");
        assertThat(engine.consistency("hello")).isEqualTo(Consistency.ALL_APPLIED);
        assertThat(engine.siteStates("hello")).extracting(SiteState::kind).containsExactly(SiteState.Kind.SHADOWED);

        engine.revert("bye", Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.extraVersion()).isEqualTo("Hello World");
        engine.revert("hello", Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.extraVersion()).isEqualTo("-quiesce");
    }

    @Test
    void stacking_savesTheEarlierPayloadsJmpAsTheLaterPayloadsUndoBytes() {
        TestHost.Loaded hello = host.load("xen_hello_world");
        TestHost.Loaded bye = host.load("xen_bye_world");
        engine.apply("hello", hello.sites(), Granularity.WHOLE_SITE, StoreListener.NONE);
        engine.apply("bye", bye.sites(), Granularity.WHOLE_SITE, StoreListener.NONE);

        SavedSite helloSite = engine.saved("hello").getFirst();
        SavedSite byeSite = engine.saved("bye").getFirst();
        assertThat(byeSite.address()).isEqualTo(helloSite.address());
        assertThat(byeSite.undo()).isEqualTo(helloSite.patched()).startsWith(X86.JMP_REL32);
        assertThat(helloSite.undo()).isEqualTo(host.image().read(host.address("xen_extra_version"), 5));
    }

    @Test
    void revertingAPayloadUnderAStackedOne_isRefusedWithEbusy_andChangesNothing() {
        TestHost.Loaded hello = host.load("xen_hello_world");
        TestHost.Loaded bye = host.load("xen_bye_world");
        engine.apply("hello", hello.sites(), Granularity.WHOLE_SITE, StoreListener.NONE);
        engine.apply("bye", bye.sites(), Granularity.WHOLE_SITE, StoreListener.NONE);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.revert("hello", Granularity.WHOLE_SITE,
                StoreListener.NONE)).isInstanceOfSatisfying(SpliceException.class,
                e -> assertThat(e.errno()).isEqualTo(dev.quiesce.payload.Errno.EBUSY));
        assertThat(host.extraVersion()).isEqualTo("Bye World!");
        assertThat(engine.isApplied("hello")).isTrue();
    }

    @Test
    void nopPatch_changesXenMinorVersion_andRevertRestores17() {
        TestHost.Loaded nop = host.load("xen_nop");
        assertThat(host.minorVersion()).isEqualTo(17);

        engine.apply("nop", nop.sites(), Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.minorVersion()).isNotEqualTo(17);
        PatchSite site = nop.sites().getFirst();
        assertThat(host.memory().read(site.oldAddr(), site.newSize()))
                .isEqualTo(X86_64Isa.INSTANCE.nop(site.newSize()));

        engine.revert("nop", Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.minorVersion()).isEqualTo(17);
    }

    @Test
    void reapplyingAnAppliedPayload_writesNothing_asXenSkipsAppliedFunctions() {
        TestHost.Loaded hello = host.load("xen_hello_world");
        engine.apply("hello", hello.sites(), Granularity.WHOLE_SITE, StoreListener.NONE);
        StorePlan again = engine.plan("hello", hello.sites(), Granularity.WHOLE_SITE);
        assertThat(again.isEmpty()).isTrue();
        engine.revert("hello", Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.extraVersion()).isEqualTo("-quiesce");
    }
}
