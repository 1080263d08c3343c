package dev.quiesce.splice;

import dev.quiesce.emulator.memory.GuestMemory;
import java.util.Map;
import java.util.TreeMap;

/**
 * Guest memory as it will be after the stores planned so far: reads see pending bytes over the real memory,
 * so that a plan's later sites (and aligned chunks) see the earlier sites' final bytes, as Xen's sequential
 * {@code memcpy}s in {@code apply_payload()} (xen/common/livepatch.c) would.
 */
final class ShadowMemory {

    private final GuestMemory memory;
    private final Map<Long, Byte> pending = new TreeMap<>();

    ShadowMemory(GuestMemory memory) {
        this.memory = memory;
    }

    byte[] read(long address, int length) {
        byte[] out = memory.read(address, length);
        for (int i = 0; i < length; i++) {
            Byte b = pending.get(address + i);
            if (b != null) {
                out[i] = b;
            }
        }
        return out;
    }

    void write(long address, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            pending.put(address + i, bytes[i]);
        }
    }
}
