package dev.quiesce.splice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.X86;
import dev.quiesce.payload.Expectation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shape of each granularity's plan for one 5-byte JMP over bytes that all differ from it, and the bytes of
 * the site after every store (Xen's one memcpy; per byte; per aligned 8-byte chunk; Linux text_poke_bp).
 */
class StorePlanTest {

    private static final long BASE = 0x10000;
    private static final long SITE = BASE + 6;
    private static final long TARGET = BASE + 0x800;

    private final GuestMemory memory = GuestMemory.allocate(BASE, GuestMemory.PAGE_SIZE);
    private final SpliceEngine engine = new SpliceEngine(memory, X86_64Isa.INSTANCE);
    private final byte[] jmp = X86_64Isa.INSTANCE.jump(SITE, TARGET);
    private final byte[] old;

    StorePlanTest() {
        byte[] pattern = new byte[64];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (0x11 * (i % 15 + 1));
        }
        memory.write(BASE, pattern);
        old = memory.read(SITE, 5);
    }

    @AfterEach
    void close() {
        memory.close();
    }

    private StorePlan plan(Granularity g) {
        return engine.plan("p", List.of(new PatchSite("f", SITE, 16, TARGET, 16, Expectation.none())), g);
    }

    @Test
    void wholeSite_isOneStoreOfTheJmp() {
        assertThat(plan(Granularity.WHOLE_SITE).steps()).containsExactly(new Store(SITE, jmp));
    }

    @Test
    void perByte_isFiveOneByteStoresInAscendingOrder_eachAddingOneByteOfTheJmp() {
        StorePlan plan = plan(Granularity.PER_BYTE);
        assertThat(plan.steps()).hasSize(5).allSatisfy(s -> assertThat(s).isInstanceOf(Store.class));
        List<byte[]> states = statesAfterEachStep(plan);
        for (int k = 1; k <= 5; k++) {
            byte[] expected = old.clone();
            System.arraycopy(jmp, 0, expected, 0, k);
            assertThat(states.get(k - 1)).as("after store %d", k).isEqualTo(expected);
        }
    }

    @Test
    void perByte_skipsBytesThatDoNotChange() {
        memory.write(SITE + 2, new byte[] {jmp[2]});
        assertThat(plan(Granularity.PER_BYTE).stores()).hasSize(4)
                .noneSatisfy(s -> assertThat(s.address()).isEqualTo(SITE + 2));
    }

    @Test
    void aligned8_storesEachOverlappedChunkWhole_keepingTheBytesAroundTheSite() {
        byte[] before = memory.read(BASE, 16);
        StorePlan plan = plan(Granularity.ALIGNED_8);

        byte[] after = before.clone();
        System.arraycopy(jmp, 0, after, 6, 5);
        assertThat(plan.steps()).containsExactly(new Store(BASE, java.util.Arrays.copyOfRange(after, 0, 8)),
                new Store(BASE + 8, java.util.Arrays.copyOfRange(after, 8, 16)));
        List<byte[]> states = statesAfterEachStep(plan);
        assertThat(states.get(0)).isEqualTo(new byte[] {jmp[0], jmp[1], old[2], old[3], old[4]});
    }

    @Test
    void int3_isBreakpointSyncTailSyncFirstByteSync() {
        StorePlan plan = plan(Granularity.INT3);
        assertThat(plan.steps()).containsExactly(new Store(SITE, new byte[] {X86.INT3}), Sync.ALL,
                new Store(SITE + 1, java.util.Arrays.copyOfRange(jmp, 1, 5)), Sync.ALL,
                new Store(SITE, new byte[] {jmp[0]}), Sync.ALL);
        assertThat(plan.syncCount()).isEqualTo(3);
        List<byte[]> states = statesAfterEachStep(plan);
        assertThat(states.get(0)).isEqualTo(new byte[] {X86.INT3, old[1], old[2], old[3], old[4]});
        assertThat(states.get(2)).isEqualTo(new byte[] {X86.INT3, jmp[1], jmp[2], jmp[3], jmp[4]});
    }

    @Test
    void everyGranularity_endsInExactlyTheJmp_andTheBytesAroundUnchanged() {
        byte[] around = memory.read(BASE, 64);
        for (Granularity g : Granularity.values()) {
            memory.write(BASE, around);
            engine.execute(plan(g), StoreListener.NONE);
            byte[] expected = around.clone();
            System.arraycopy(jmp, 0, expected, 6, 5);
            assertThat(memory.read(BASE, 64)).as(g.name()).isEqualTo(expected);
        }
    }

    @Test
    void execute_tellsTheListenerEveryStoreAndSyncInPlanOrder() {
        StorePlan plan = plan(Granularity.INT3);
        List<PlanStep> seen = new ArrayList<>();
        engine.execute(plan, new StoreListener() {
            @Override
            public void stored(Store s) {
                seen.add(s);
            }

            @Override
            public void synced() {
                seen.add(Sync.ALL);
            }
        });
        assertThat(seen).isEqualTo(plan.steps());
    }

    @Test
    void plan_recordsEachSitesBytesBeforeAndAfter() {
        assertThat(plan(Granularity.PER_BYTE).changes()).containsExactly(new SiteChange("f", SITE, old, jmp));
    }

    /** Performs the plan step by step on memory and returns the site's 5 bytes after each step. */
    private List<byte[]> statesAfterEachStep(StorePlan plan) {
        List<byte[]> states = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            engine.execute(new StorePlan(List.of(step)), StoreListener.NONE);
            states.add(memory.read(SITE, 5));
        }
        return states;
    }
}
