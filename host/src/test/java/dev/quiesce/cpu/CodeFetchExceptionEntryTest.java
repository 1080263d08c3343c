package dev.quiesce.cpu;

import dev.quiesce.emulator.memory.CodeViews;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.Protection;
import dev.quiesce.emulator.memory.Region;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import dev.quiesce.random.SeedStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Taking an exception is a context synchronisation event under {@code xmc = arm} (Arm ARM DDI 0487, "Context
 * synchronization event") and nothing under the x86 models (Intel SDM vol. 3A §9.3: delivery is not serialising);
 * under {@code arm} any event observes only the maintained stores.
 */
class CodeFetchExceptionEntryTest {

    private static final long CODE = 0x10000;

    private record Refresh(CpuEvent.Serialising cause, long page) {
    }

    private static final class Recorder implements CodeFetch.Sink {
        final List<Refresh> refreshed = new ArrayList<>();

        @Override
        public void refreshed(CpuEvent.Serialising cause, long page) {
            refreshed.add(new Refresh(cause, page));
        }

        @Override
        public void torn(long address, int length) {
        }
    }

    private static List<Refresh> afterStore(XmcModel model, boolean maintain, java.util.function.BiConsumer<CodeFetch,
            Recorder> event) {
        try (GuestMemory m = GuestMemory.allocateShared(CODE, 2 * GuestMemory.PAGE_SIZE);
             UnicornEngine e = UnicornEngines.open()) {
            m.defineRegion(new Region("text", CODE, GuestMemory.PAGE_SIZE, Protection.RX));
            m.defineRegion(new Region("data", CODE + GuestMemory.PAGE_SIZE, GuestMemory.PAGE_SIZE, Protection.RW));
            CodeViews.attach(m, model, 1, SeedStream.root(3).child("xmc.errata"));
            CodeFetch f = CodeFetch.map(e, m, 0);
            m.writeCode(CODE + 4, new byte[] {0x1f, 0x20, 0x03, (byte) 0xd5});
            if (maintain) {
                m.maintainCode(CODE + 4, 4);
            }
            Recorder r = new Recorder();
            event.accept(f, r);
            return r.refreshed;
        }
    }

    @Test
    void underArmTakingAnExceptionObservesTheMaintainedStore() {
        assertThat(afterStore(XmcModel.ARM, true, (f, r) -> f.exceptionEntry(r)))
                .containsExactly(new Refresh(CpuEvent.Serialising.EXCEPTION_ENTRY, CODE));
    }

    @Test
    void underArmNoEventObservesAStoreWithoutMaintenance() {
        assertThat(afterStore(XmcModel.ARM, false, (f, r) -> {
            f.exceptionEntry(r);
            f.serialise(CpuEvent.Serialising.ISB, r);
            f.serialise(CpuEvent.Serialising.ERET, r);
        })).isEmpty();
    }

    @Test
    void underSerializeTakingAnExceptionIsNotSerialising() {
        assertThat(afterStore(XmcModel.SERIALIZE, true, (f, r) -> f.exceptionEntry(r))).isEmpty();
        assertThat(afterStore(XmcModel.SERIALIZE, false, (f, r) -> {
            f.exceptionEntry(r);
            f.serialise(CpuEvent.Serialising.IRET, r);
        })).containsExactly(new Refresh(CpuEvent.Serialising.IRET, CODE));
    }
}
