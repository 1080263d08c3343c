package dev.quiesce.splice.registry;

import dev.quiesce.emulator.memory.GuestMemory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code livepatch_payload_t} a payload's pre, post and action hooks receive, laid out in guest memory after
 * the payload's own pages, with its per-function {@code struct livepatch_fstate} array (Xen:
 * xen/include/xen/livepatch_payload.h and xen/include/xen/livepatch.h; this guest's layout is
 * guest/src/main/payloads/livepatch.h). Xen's {@code was_action_consistent()} reads the {@code applied} markers
 * from here, so hooks and the registry share them.
 *
 * <p>Layout: {@code name} pointer @0, {@code nfuncs} @8, {@code funcs} @16, {@code fstate} @24 (32 bytes), then the
 * NUL-terminated name (128 bytes), then {@code fstate[nfuncs]}: {@code patch_offset} @0 (u32), {@code applied}
 * @4, {@code insn_buffer[31]} @5, 36 bytes each.
 */
final class FuncStates {

    static final int NOT_APPLIED = 0;
    static final int APPLIED = 1;
    private static final int STRUCT_SIZE = 32;
    private static final int NAME_SIZE = 128;
    private static final int FSTATE_SIZE = 36;
    private static final int APPLIED_OFFSET = 4;
    private static final int BUFFER_OFFSET = 5;
    private static final int BUFFER_SIZE = 31;

    private final GuestMemory memory;
    private final long address;
    private final int nfuncs;

    private FuncStates(GuestMemory memory, long address, int nfuncs) {
        this.memory = memory;
        this.address = address;
        this.nfuncs = nfuncs;
    }

    /** The bytes the struct, the name and {@code nfuncs} states take. */
    static long bytesFor(int nfuncs) {
        return STRUCT_SIZE + NAME_SIZE + (long) FSTATE_SIZE * nfuncs;
    }

    /** Writes a fresh struct at {@code address}: every function NOT_APPLIED, as {@code xzalloc_array} leaves it. */
    static FuncStates create(GuestMemory memory, long address, String name, int nfuncs, long funcs) {
        memory.write(address, new byte[(int) bytesFor(nfuncs)]);
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        memory.write(address + STRUCT_SIZE, Arrays.copyOf(text, Math.min(text.length, NAME_SIZE - 1)));
        memory.writeU64(address, address + STRUCT_SIZE);
        memory.writeU32(address + 8, nfuncs);
        memory.writeU64(address + 16, funcs);
        memory.writeU64(address + 24, address + STRUCT_SIZE + NAME_SIZE);
        return new FuncStates(memory, address, nfuncs);
    }

    /** The guest address of the {@code livepatch_payload_t}: the argument of pre, post and action hooks. */
    long payloadPointer() {
        return address;
    }

    int nfuncs() {
        return nfuncs;
    }

    /** {@code fstate[i].applied}. */
    int applied(int i) {
        return memory.read(fstate(i) + APPLIED_OFFSET, 1)[0] & 0xff;
    }

    /** Whether every function's marker is {@code expected} (true for a payload without functions). */
    boolean all(int expected) {
        for (int i = 0; i < nfuncs; i++) {
            if (applied(i) != expected) {
                return false;
            }
        }
        return true;
    }

    /** Records that function {@code i} was patched at {@code old_addr + patchOffset}, saving {@code undo}. */
    void markApplied(int i, int patchOffset, byte[] undo) {
        memory.writeU32(fstate(i), patchOffset);
        byte[] buffer = Arrays.copyOf(undo, BUFFER_SIZE);
        memory.write(fstate(i) + BUFFER_OFFSET, buffer);
        setAll(i, i + 1, APPLIED);
    }

    /** Sets every marker to {@code state}. */
    void setAll(int state) {
        setAll(0, nfuncs, state);
    }

    /** A copy of the whole {@code fstate} array, for {@link #restore}. */
    byte[] snapshot() {
        return memory.read(fstate(0), FSTATE_SIZE * nfuncs);
    }

    /** Puts back a {@link #snapshot()}. */
    void restore(byte[] snapshot) {
        memory.write(fstate(0), snapshot);
    }

    private void setAll(int from, int to, int state) {
        for (int i = from; i < to; i++) {
            memory.write(fstate(i) + APPLIED_OFFSET, new byte[] {(byte) state});
        }
    }

    private long fstate(int i) {
        return address + STRUCT_SIZE + NAME_SIZE + (long) FSTATE_SIZE * i;
    }
}
