package dev.quiesce.splice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.payload.Expectation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A function that starts with ENDBR64 (or its poison) keeps it and gets its JMP at +4 (Xen:
 * {@code arch_livepatch_apply()} in xen/arch/x86/livepatch.c), checked by running hand-made functions: the old
 * one returns 17, the new one 42.
 */
class EndbrSpliceTest {

    private static final byte[] MOV_EAX_17_RET = {(byte) 0xB8, 0x11, 0x00, 0x00, 0x00, (byte) 0xC3};
    private static final byte[] MOV_EAX_42_RET = {(byte) 0xB8, 0x2A, 0x00, 0x00, 0x00, (byte) 0xC3};

    private final TestHost host = new TestHost();
    private final SpliceEngine engine = new SpliceEngine(host.memory(), X86_64Isa.INSTANCE);
    private final long oldFn = host.handmade();
    private final long newFn = host.handmade() + 0x40;

    @AfterEach
    void close() {
        host.close();
    }

    private void install(byte[] prefix) {
        byte[] code = new byte[prefix.length + MOV_EAX_17_RET.length];
        System.arraycopy(prefix, 0, code, 0, prefix.length);
        System.arraycopy(MOV_EAX_17_RET, 0, code, prefix.length, MOV_EAX_17_RET.length);
        host.memory().writeCode(oldFn, code);
        host.memory().writeCode(newFn, MOV_EAX_42_RET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"f30f1efa", "660f1f01"})
    void jmpGoesAtPlus4_keepingTheEndbr64_andTheCallRunsTheNewFunction(String prefixHex) {
        byte[] prefix = java.util.HexFormat.of().parseHex(prefixHex);
        install(prefix);
        assertThat(host.call().call(oldFn)).isEqualTo(17);

        engine.apply("p", List.of(new PatchSite("handmade", oldFn, 10, newFn, 6, Expectation.none())),
                Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.memory().read(oldFn, 4)).isEqualTo(prefix);
        assertThat(host.memory().read(oldFn + 4, 5)).isEqualTo(X86_64Isa.INSTANCE.jump(oldFn + 4, newFn));
        assertThat(engine.saved("p").getFirst().address()).isEqualTo(oldFn + 4);
        assertThat(host.call().call(oldFn)).isEqualTo(42);

        engine.revert("p", Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.call().call(oldFn)).isEqualTo(17);
    }

    @Test
    void expectationComparesFromOldAddrItself_soItCoversTheEndbr64() {
        install(new byte[] {(byte) 0xF3, 0x0F, 0x1E, (byte) 0xFA});
        PatchSite coversEndbr = new PatchSite("handmade", oldFn, 10, newFn, 6,
                Expectation.of(host.memory().read(oldFn, 6)));
        PatchSite afterEndbr = new PatchSite("handmade", oldFn, 10, newFn, 6,
                Expectation.of(host.memory().read(oldFn + 4, 2)));

        engine.checkExpectations(List.of(coversEndbr));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.checkExpectations(List.of(afterEndbr)))
                .isInstanceOf(SpliceException.class);
    }

    @Test
    void nopPatchOfAnEndbrFunction_nopsNewSizeMinus4BytesAfterTheEndbr64() {
        install(new byte[] {(byte) 0xF3, 0x0F, 0x1E, (byte) 0xFA});
        engine.apply("nop", List.of(new PatchSite("handmade", oldFn, 10, 0, 9, Expectation.none())),
                Granularity.WHOLE_SITE, StoreListener.NONE);
        assertThat(host.memory().read(oldFn + 4, 6)).isEqualTo(new byte[] {0x0F, 0x1F, 0x44, 0x00, 0x00,
            (byte) 0xC3});
        assertThat(host.call().call(oldFn)).isNotEqualTo(17);
    }
}
