package dev.quiesce.splice;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.X86;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts site changes into the steps of one {@link Granularity}: Xen's single {@code memcpy} per site
 * (xen/arch/x86/livepatch.c), per byte, per aligned 8-byte chunk, or Linux's {@code text_poke_bp} int3 protocol
 * (arch/x86/kernel/alternative.c).
 */
final class PlanRenderer {

    private static final int CHUNK = 8;

    private PlanRenderer() {
    }

    /** The steps that turn every change's {@code before} into its {@code after}, in order. */
    static List<PlanStep> render(GuestMemory memory, List<SiteChange> changes, Granularity granularity) {
        ShadowMemory shadow = new ShadowMemory(memory);
        List<PlanStep> steps = new ArrayList<>();
        for (SiteChange c : changes) {
            if (c.length() == 0) {
                continue;
            }
            byte[] after = c.after();
            switch (granularity) {
                case WHOLE_SITE -> steps.add(new Store(c.address(), after));
                case PER_BYTE -> perByte(c, steps);
                case ALIGNED_8 -> {
                    shadow.write(c.address(), after);
                    aligned(shadow, c, steps);
                }
                case INT3 -> int3(c.address(), after, steps);
            }
            shadow.write(c.address(), after);
        }
        return steps;
    }

    private static void perByte(SiteChange c, List<PlanStep> steps) {
        byte[] before = c.before();
        byte[] after = c.after();
        for (int i = 0; i < after.length; i++) {
            if (before[i] != after[i]) {
                steps.add(new Store(c.address() + i, new byte[] {after[i]}));
            }
        }
    }

    private static void aligned(ShadowMemory shadow, SiteChange c, List<PlanStep> steps) {
        long first = Math.floorDiv(c.address(), CHUNK) * CHUNK;
        long end = c.address() + c.length();
        for (long chunk = first; chunk < end; chunk += CHUNK) {
            steps.add(new Store(chunk, shadow.read(chunk, CHUNK)));
        }
    }

    private static void int3(long address, byte[] after, List<PlanStep> steps) {
        steps.add(new Store(address, new byte[] {X86.INT3}));
        steps.add(Sync.ALL);
        if (after.length > 1) {
            steps.add(new Store(address + 1, Arrays.copyOfRange(after, 1, after.length)));
            steps.add(Sync.ALL);
        }
        steps.add(new Store(address, new byte[] {after[0]}));
        steps.add(Sync.ALL);
    }
}
