package dev.quiesce.splice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.Expectation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A payload applies every function or none (Xen: {@code apply_payload()} and the "partially applied payload"
 * panic of {@code was_action_consistent()}, xen/common/livepatch.c). Two sites on the guest: xen_extra_version
 * jumps to xen_hello_world, xen_major_version jumps to xen_minor_version (so it returns 17).
 */
class AllOrNothingTest {

    private final TestHost host = new TestHost();
    private final SpliceEngine engine = new SpliceEngine(host.memory(), X86_64Isa.INSTANCE);
    private final TestHost.Loaded hello = host.load("xen_hello_world");
    private final PatchSite extra = hello.sites().getFirst();
    private final long major = host.address("xen_major_version");
    private final PatchSite majorToMinor = new PatchSite("xen_major_version", major, 6,
            host.address("xen_minor_version"), 6, Expectation.none());
    private final byte[] extraBefore = host.memory().read(extra.oldAddr(), 5);
    private final byte[] majorBefore = host.memory().read(major, 5);

    @AfterEach
    void close() {
        host.close();
    }

    private void assertNothingChanged() {
        assertThat(host.memory().read(extra.oldAddr(), 5)).isEqualTo(extraBefore);
        assertThat(host.memory().read(major, 5)).isEqualTo(majorBefore);
        assertThat(host.extraVersion()).isEqualTo("-quiesce");
        assertThat(engine.consistency("p")).isEqualTo(Consistency.NONE_APPLIED);
        assertThat(engine.saved("p")).isEmpty();
    }

    @Test
    void bothSites_applied_runTheNewCode() {
        engine.apply("p", List.of(extra, majorToMinor), Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.extraVersion()).isEqualTo("Hello World");
        assertThat(host.call().call(major)).isEqualTo(17);
        assertThat(engine.consistency("p")).isEqualTo(Consistency.ALL_APPLIED);
    }

    @Test
    void secondSitesExpectationFailing_leavesTheFirstSiteAsBefore_withEinval() {
        PatchSite wrong = new PatchSite("xen_major_version", major, 6, majorToMinor.newAddr(), 6,
                Expectation.of(new byte[] {(byte) 0x90, (byte) 0x90}));
        assertThatThrownBy(() -> engine.apply("p", List.of(extra, wrong), Granularity.WHOLE_SITE,
                StoreListener.NONE)).isInstanceOfSatisfying(SpliceException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertNothingChanged();
    }

    @Test
    void secondSitesJumpOutOfRange_leavesTheFirstSiteAsBefore_withEoverflow() {
        PatchSite far = new PatchSite("xen_major_version", major, 6, major + (3L << 30), 6, Expectation.none());
        assertThatThrownBy(() -> engine.apply("p", List.of(extra, far), Granularity.PER_BYTE, StoreListener.NONE))
                .isInstanceOfSatisfying(SpliceException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW));
        assertNothingChanged();
    }

    @Test
    void failureWhileStoringTheSecondSite_restoresTheFirstSite_andRethrows() {
        StoreListener failing = new StoreListener() {
            @Override
            public void stored(Store s) {
                if (s.address() >= major && s.address() < major + 5) {
                    throw new IllegalStateException("simulated failure at the second site");
                }
            }

            @Override
            public void synced() {
            }
        };
        for (Granularity g : Granularity.values()) {
            assertThatThrownBy(() -> engine.apply("p", List.of(extra, majorToMinor), g, failing))
                    .as(g.name()).hasMessageContaining("simulated failure");
            assertNothingChanged();
        }
    }

    @Test
    void failureWhileReverting_restoresTheAppliedBytes() {
        engine.apply("p", List.of(extra, majorToMinor), Granularity.WHOLE_SITE, StoreListener.NONE);
        byte[] extraApplied = host.memory().read(extra.oldAddr(), 5);
        StoreListener failing = new StoreListener() {
            @Override
            public void stored(Store s) {
                if (s.address() == major) {
                    throw new IllegalStateException("simulated failure at the second site");
                }
            }

            @Override
            public void synced() {
            }
        };
        assertThatThrownBy(() -> engine.revert("p", Granularity.WHOLE_SITE, failing))
                .hasMessageContaining("simulated failure");
        assertThat(host.memory().read(extra.oldAddr(), 5)).isEqualTo(extraApplied);
        assertThat(engine.consistency("p")).isEqualTo(Consistency.ALL_APPLIED);
        assertThat(host.extraVersion()).isEqualTo("Hello World");
    }

    @Test
    void oneSiteRestoredByHand_isMixed_andTheViolationNamesEachSitesState() {
        engine.apply("p", List.of(extra, majorToMinor), Granularity.WHOLE_SITE, StoreListener.NONE);
        host.memory().writeCode(major, majorBefore);

        assertThat(engine.consistency("p")).isEqualTo(Consistency.MIXED);
        assertThat(engine.isApplied("p")).isFalse();
        SpliceViolation v = engine.violation("p").orElseThrow();
        assertThat(v.sites()).extracting(SiteState::kind)
                .containsExactly(SiteState.Kind.APPLIED, SiteState.Kind.NOT_APPLIED);
        assertThat(v.message()).contains("partially applied", "xen_major_version");
    }

    @Test
    void oneSiteOverwrittenWithForeignBytes_isMixedWithACorruptSite() {
        engine.apply("p", List.of(extra, majorToMinor), Granularity.WHOLE_SITE, StoreListener.NONE);
        host.memory().writeCode(extra.oldAddr() + 2, new byte[] {0x12});

        assertThat(engine.consistency("p")).isEqualTo(Consistency.MIXED);
        assertThat(engine.siteStates("p")).extracting(SiteState::kind)
                .containsExactly(SiteState.Kind.CORRUPT, SiteState.Kind.APPLIED);
    }

    @Test
    void aPayloadNeverPlanned_isNoneApplied_withoutViolation() {
        assertThat(engine.consistency("unknown")).isEqualTo(Consistency.NONE_APPLIED);
        assertThat(engine.violation("unknown")).isEmpty();
        assertThatThrownBy(() -> engine.revertPlan("unknown", Granularity.WHOLE_SITE))
                .isInstanceOfSatisfying(SpliceException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }
}
