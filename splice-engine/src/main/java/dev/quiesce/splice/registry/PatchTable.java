package dev.quiesce.splice.registry;

import dev.quiesce.elf.ElfFile;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.link.PlacedSection;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.payload.HookKind;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PatchFunction;
import dev.quiesce.splice.PatchSite;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A linked payload's {@code .livepatch.funcs} as Xen reads it from the loaded section: each entry's relocated
 * {@code new_addr} and {@code old_addr}, an {@code old_addr} of 0 resolved by name and written back, as
 * {@code resolve_old_address()} does in xen/common/livepatch.c; and the hook pointers of
 * {@code LIVEPATCH_ASSIGN_SINGLE_HOOK}/{@code LIVEPATCH_ASSIGN_MULTI_HOOK}.
 */
final class PatchTable {

    private static final String FUNCS = ".livepatch.funcs";
    private static final int FUNC_SIZE = 104;
    private static final int NEW_ADDR = 8;
    private static final int OLD_ADDR = 16;

    private final long funcsAddress;
    private final long[] newAddr;
    private final long[] oldAddr;
    private final boolean[] byName;
    private final List<PatchSite> sites;

    private PatchTable(long funcsAddress, long[] newAddr, long[] oldAddr, boolean[] byName, List<PatchSite> sites) {
        this.funcsAddress = funcsAddress;
        this.newAddr = newAddr;
        this.oldAddr = oldAddr;
        this.byName = byName;
        this.sites = sites;
    }

    static PatchTable read(Payload payload, GuestImage linked, SymbolContext symbols) {
        List<PatchFunction> functions = payload.functions();
        int n = functions.size();
        Optional<PlacedSection> section = linked.section(payload.elf().fileName(), FUNCS);
        long at = section.map(PlacedSection::address).orElse(0L);
        ByteBuffer b = ByteBuffer.wrap(n == 0 ? new byte[0] : linked.read(at, n * FUNC_SIZE))
                .order(ByteOrder.LITTLE_ENDIAN);
        long[] newAddr = new long[n];
        long[] oldAddr = new long[n];
        boolean[] byName = new boolean[n];
        List<PatchSite> sites = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PatchFunction f = functions.get(i);
            newAddr[i] = b.getLong(i * FUNC_SIZE + NEW_ADDR);
            oldAddr[i] = b.getLong(i * FUNC_SIZE + OLD_ADDR);
            if (oldAddr[i] == 0 && f.oldName() != null) {
                byName[i] = true;
                oldAddr[i] = symbols.lookup(f.oldName()).map(s -> s.address()).orElse(0L);
            }
            sites.add(new PatchSite(f.displayName(), oldAddr[i], f.oldSize(), newAddr[i], f.newSize(), f.expect()));
        }
        return new PatchTable(at, newAddr, oldAddr, byName, List.copyOf(sites));
    }

    /** The hook pointers per kind present, in section order (an enabled single hook is a non-zero pointer). */
    static Map<HookKind, long[]> hooks(ElfFile elf, GuestImage linked) {
        Map<HookKind, long[]> hooks = new EnumMap<>(HookKind.class);
        for (HookKind kind : HookKind.values()) {
            linked.section(elf.fileName(), kind.sectionName()).ifPresent(s -> {
                ByteBuffer b = ByteBuffer.wrap(linked.read(s.address(), (int) s.size())).order(ByteOrder.LITTLE_ENDIAN);
                long[] pointers = new long[(int) (s.size() / 8)];
                for (int i = 0; i < pointers.length; i++) {
                    pointers[i] = b.getLong(i * 8);
                }
                hooks.put(kind, pointers);
            });
        }
        return hooks;
    }

    /** {@code new_addr} of function {@code i} (0 for a NOP patch). */
    long newAddress(int i) {
        return newAddr[i];
    }

    /** Whether {@code address} is some function's {@code new_addr} (such a symbol is not a new symbol). */
    boolean isNewCode(long address) {
        for (long a : newAddr) {
            if (a == address) {
                return true;
            }
        }
        return false;
    }

    /** The sites, with old addresses resolved. */
    List<PatchSite> sites() {
        return sites;
    }

    /** The guest address of the {@code .livepatch.funcs} array (0 when the payload has none). */
    long funcsAddress() {
        return funcsAddress;
    }

    /** Writes the old addresses resolved by name into the loaded {@code struct livepatch_func}s. */
    void writeResolved(GuestMemory memory) {
        for (int i = 0; i < oldAddr.length; i++) {
            if (byName[i]) {
                memory.writeU64(funcsAddress + (long) i * FUNC_SIZE + OLD_ADDR, oldAddr[i]);
            }
        }
    }
}
