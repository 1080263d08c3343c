package dev.quiesce.emulator.unicorn;

import dev.quiesce.emulator.memory.CodeView;
import dev.quiesce.emulator.memory.CodeViews;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.random.SeedStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator's self-test of cross-modifying code (docs/cross-modifying-code.md): QEMU TCG, which Unicorn is built
 * on, has been reported to run stale code after writes, so the simulator's claim is tested here, not assumed. Under
 * {@code coherent} a code store — by the host (the coordinator) or from inside a hook of a running CPU — is fetched by
 * every CPU's next instruction; under {@code serialize} it is not fetched before the CPU's next serialising event
 * (here: the guest's {@code CPUID}) and is fetched right after it. Guest stores into code are not modelled: the
 * guest never stores code (its text is mapped read-execute), so "another CPU's store" is always the coordinator's.
 */
class CodeStoresReachFetchAsTheXmcModelSaysTest {

    private static final long CODE = 0x10000;
    private static final byte[] CPUID = {0x0F, (byte) 0xA2};

    /** {@code mov rdi, imm32}: 7 bytes at offset 0, then {@code cpuid} at 7, then {@code jmp 0} at 9. */
    private static byte[] movRdi(int v) {
        return new byte[] {0x48, (byte) 0xC7, (byte) 0xC7, (byte) v, (byte) (v >> 8), (byte) (v >> 16),
            (byte) (v >> 24)};
    }

    private record Machine(GuestMemory memory, CodeViews views, List<UnicornEngine> cpus) implements AutoCloseable {
        @Override
        public void close() {
            cpus.forEach(UnicornEngine::close);
            memory.close();
        }
    }

    private static Machine machine(XmcModel model, int n) {
        GuestMemory m = model.staleFetch() ? GuestMemory.allocateShared(CODE, 0x4000) : GuestMemory.allocate(CODE, 0x4000);
        m.defineRegion(new Region("code", CODE, 0x1000, Protection.RX));
        m.defineRegion(new Region("data", CODE + 0x1000, 0x3000, Protection.RW));
        m.writeCode(CODE, movRdi(1));
        m.writeCode(CODE + 7, CPUID);
        m.writeCode(CODE + 9, new byte[] {(byte) 0xEB, (byte) 0xF5});
        CodeViews views = model.staleFetch() ? CodeViews.attach(m, model, n, SeedStream.root(7).child("xmc.errata")) : null;
        List<UnicornEngine> cpus = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UnicornEngine e = UnicornEngines.open();
            CodeView v = views == null ? null : views.view(i);
            e.mapShared(m, v);
            e.writeReg(X86Reg.RSP, CODE + 0x3000);
            if (v != null) {
                e.hooks().cpuid(v::refresh);
            }
            cpus.add(e);
        }
        return new Machine(m, views, cpus);
    }

    /** Runs the {@code mov} at offset 0 and returns what it loaded. */
    private static long fetchMov(UnicornEngine e) {
        e.run(CODE, 1);
        return e.readReg(X86Reg.RDI);
    }

    @Test
    void underCoherentACoordinatorStoreIsFetchedByEveryCpusNextInstruction() {
        try (Machine m = machine(XmcModel.COHERENT, 3)) {
            m.cpus().forEach(e -> assertThat(fetchMov(e)).isEqualTo(1));
            m.memory().writeCode(CODE, movRdi(2));
            m.cpus().forEach(e -> assertThat(fetchMov(e)).isEqualTo(2));
        }
    }

    @Test
    void underCoherentAStoreFromInsideAHookIsFetchedByEveryCpusNextInstruction() {
        try (Machine m = machine(XmcModel.COHERENT, 2)) {
            UnicornEngine a = m.cpus().get(0);
            UnicornEngine b = m.cpus().get(1);
            assertThat(fetchMov(b)).isEqualTo(1);
            boolean[] once = {false};
            a.hooks().code(CODE + 7, CODE + 7, pc -> { // the hook stores while CPU a runs
                if (!once[0]) {
                    once[0] = true;
                    m.memory().writeCode(CODE, movRdi(3));
                }
            });
            a.run(CODE, 4); // mov(1), cpuid [store], jmp, mov: the next fetch of offset 0 sees it
            assertThat(a.readReg(X86Reg.RDI)).isEqualTo(3);
            assertThat(fetchMov(b)).isEqualTo(3);
        }
    }

    @Test
    void underSerializeACoordinatorStoreIsNotFetchedBeforeTheCpusNextSerialisingEventAndIsRightAfter() {
        try (Machine m = machine(XmcModel.SERIALIZE, 3)) {
            m.cpus().forEach(e -> assertThat(fetchMov(e)).isEqualTo(1));
            m.memory().writeCode(CODE, movRdi(2));
            for (int round = 0; round < 3; round++) {
                m.cpus().forEach(e -> assertThat(fetchMov(e)).as("stale until it serialises").isEqualTo(1));
            }
            assertThat(m.views().privatePages()).isEqualTo(3);
            UnicornEngine a = m.cpus().get(0);
            RunResult r = a.run(CODE, 1000); // mov(1), cpuid: the run ends right after the serialising instruction
            assertThat(r.retired()).isEqualTo(2);
            assertThat(a.readReg(X86Reg.RDI)).isEqualTo(1);
            a.run(CODE + 9, 2); // jmp, then the first fetch after serialising
            assertThat(a.readReg(X86Reg.RDI)).isEqualTo(2);
            assertThat(fetchMov(m.cpus().get(1))).as("another CPU that did not serialise").isEqualTo(1);
            assertThat(m.views().view(1).read(CODE, 7)).isEqualTo(movRdi(1));
            assertThat(m.memory().read(CODE, 7)).isEqualTo(movRdi(2));
            assertThat(m.views().privatePages()).isEqualTo(2);
        }
    }

    @Test
    void underSerializeAStoreFromInsideAHookIsNotFetchedBeforeTheSerialisingEvent() {
        try (Machine m = machine(XmcModel.SERIALIZE, 2)) {
            UnicornEngine a = m.cpus().get(0);
            boolean[] once = {false};
            a.hooks().code(CODE + 9, CODE + 9, pc -> { // after a's cpuid: the store lands while a runs on
                if (!once[0]) {
                    once[0] = true;
                    m.memory().writeCode(CODE, movRdi(4));
                }
            });
            a.run(CODE, 2); // mov(1), cpuid (stops after it)
            a.run(CODE + 9, 2); // jmp [hook stores], mov: still the old bytes
            assertThat(a.readReg(X86Reg.RDI)).isEqualTo(1);
            a.run(CODE + 7, 1); // cpuid: serialise
            a.run(CODE + 9, 2);
            assertThat(a.readReg(X86Reg.RDI)).isEqualTo(4);
            assertThat(fetchMov(m.cpus().get(1))).isEqualTo(1);
        }
    }

    @Test
    void hostDataWrittenIntoAStaleCodePageReachesThePrivateCopyWhileTheCodeStaysOld() {
        try (Machine m = machine(XmcModel.SERIALIZE, 1)) {
            m.memory().writeCode(CODE, movRdi(5));
            m.memory().write(CODE + 0x800, new byte[] {42});
            CodeView v = m.views().view(0);
            assertThat(v.read(CODE + 0x800, 1)[0]).isEqualTo((byte) 42);
            assertThat(v.read(CODE, 7)).isEqualTo(movRdi(1));
            assertThat(v.refresh()).containsExactly(CODE);
            assertThat(v.read(CODE, 7)).isEqualTo(movRdi(5));
            assertThat(m.views().privatePages()).isZero();
        }
    }

    @Test
    void underErrataAStoreSpanningTwoFetchBlocksIsObservedTornBySomeStaleCpusAndWholeAfterSerialising() {
        try (Machine m = machine(XmcModel.ERRATA, 8)) {
            byte[] jmp = {(byte) 0xE9, 1, 2, 3, 4}; // [CODE+14, +5) spans the blocks at CODE and CODE+16
            m.memory().writeCode(CODE + 14, jmp);
            int torn = 0;
            for (int c = 0; c < 8; c++) {
                CodeView v = m.views().view(c);
                byte[] seen = v.read(CODE + 14, 5);
                List<CodeView.Torn> notes = v.drainTorn();
                if (!notes.isEmpty()) {
                    torn++;
                    assertThat(seen).isNotEqualTo(jmp).isNotEqualTo(new byte[5]);
                } else {
                    assertThat(seen).isEqualTo(new byte[5]);
                }
                v.refresh();
                assertThat(v.read(CODE + 14, 5)).isEqualTo(jmp);
            }
            assertThat(torn).as("seeded: some of 8 CPUs see it torn, not all").isBetween(1, 7);
            m.memory().writeCode(CODE + 16, new byte[] {9, 9}); // within one block: never torn
            for (int c = 0; c < 8; c++) {
                assertThat(m.views().view(c).drainTorn()).isEmpty();
            }
        }
    }
}
