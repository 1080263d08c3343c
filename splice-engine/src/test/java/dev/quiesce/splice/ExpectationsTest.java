package dev.quiesce.splice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiesce.payload.Errno;
import dev.quiesce.payload.Expectation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Expectations are checked as Xen's {@code livepatch_verify_expectation_fn()} does (xen/common/livepatch.c):
 * disabled → fine; {@code old_addr} NULL → EFAULT; reserved bits → EINVAL; {@code old_size} shorter → ERANGE;
 * bytes from {@code old_addr} differ → EINVAL. Xen's EOVERFLOW ({@code len > 31}) cannot arise there either: the
 * length is a 5-bit field, and {@link Expectation} refuses more than 31 when built.
 */
class ExpectationsTest {

    private final TestHost host = new TestHost();
    private final SpliceEngine engine = new SpliceEngine(host.memory(), X86_64Isa.INSTANCE);
    private final long extra = host.address("xen_extra_version");
    private final byte[] first4 = host.memory().read(extra, 4);

    @AfterEach
    void close() {
        host.close();
    }

    private PatchSite site(long oldAddr, int oldSize, Expectation e) {
        return new PatchSite("xen_extra_version", oldAddr, oldSize, 0, 1, e);
    }

    private void assertRefused(List<PatchSite> sites, Errno errno) {
        assertThatThrownBy(() -> engine.checkExpectations(sites)).isInstanceOfSatisfying(SpliceException.class,
                e -> assertThat(e.errno()).isEqualTo(errno));
    }

    @Test
    void disabledExpectation_isNotChecked_evenWhenItsBytesDiffer() {
        assertThatCode(() -> engine.checkExpectations(List.of(site(extra, 8,
                new Expectation(false, 2, new byte[] {1, 2}))))).doesNotThrowAnyException();
    }

    @Test
    void matchingBytes_pass() {
        assertThatCode(() -> engine.checkExpectations(List.of(site(extra, 8, Expectation.of(first4)))))
                .doesNotThrowAnyException();
    }

    @Test
    void nullOldAddr_isEfault_beforeTheOtherChecks() {
        assertRefused(List.of(site(0, 1, new Expectation(true, 4, first4, 1))), Errno.EFAULT);
    }

    @Test
    void reservedBitsSet_isEinval_beforeTheSizeCheck() {
        assertRefused(List.of(site(extra, 1, new Expectation(true, 4, first4, 2))), Errno.EINVAL);
    }

    @Test
    void oldSizeShorterThanTheExpectation_isErange() {
        assertRefused(List.of(site(extra, 3, Expectation.of(first4))), Errno.ERANGE);
    }

    @Test
    void differingBytes_areEinval_withExpectedAndActualInTheMessage() {
        assertThatThrownBy(() -> engine.checkExpectations(List.of(site(extra, 8,
                Expectation.of(new byte[] {(byte) 0x90, (byte) 0x90})))))
                .isInstanceOfSatisfying(SpliceException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).contains("expected:9090", "actual:" + java.util.HexFormat.of()
                            .formatHex(first4, 0, 2));
                });
    }

    @Test
    void theFirstFailingSiteInOrderWins() {
        assertRefused(List.of(site(extra, 3, Expectation.of(first4)), site(0, 1, Expectation.of(first4))),
                Errno.ERANGE);
    }

    @Test
    void xenExpectationsSample_passesOnTheBaseImage_andFailsOnceHelloWorldPatchedTheFunction() {
        TestHost.Loaded expectations = host.load("xen_expectations");
        TestHost.Loaded hello = host.load("xen_hello_world");
        assertThatCode(() -> engine.checkExpectations(expectations.sites())).doesNotThrowAnyException();

        engine.apply("hello", hello.sites(), Granularity.WHOLE_SITE, StoreListener.NONE);
        assertRefused(expectations.sites(), Errno.EINVAL);
        assertThatThrownBy(() -> engine.apply("exp", expectations.sites(), Granularity.WHOLE_SITE,
                StoreListener.NONE)).isInstanceOf(SpliceException.class);
        assertThat(host.extraVersion()).isEqualTo("Hello World");
    }
}
