package dev.quiesce.splice.registry;

import dev.quiesce.emulator.call.GuestCaller;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.Arch;
import dev.quiesce.splice.StoreListener;

/**
 * What the livepatch registry needs of its host: the running image (its symbols and build-id, Xen's
 * {@code xen_build_id()} and {@code symbols_lookup_by_name()}), the guest memory, the payload area and a way to
 * run guest code for hooks (Xen calls them directly: {@code (*hook)(payload)} in xen/common/livepatch.c).
 *
 * <p>The payload area must be mapped in every engine that will run patched code: if {@link #memory()} has no
 * region there, the registry defines one (read-write-execute) when it is created, before any hook runs.
 */
public interface HostView {

    /**
     * The architecture the host runs: payloads must be ELF objects of its machine and follow Xen's rules there
     * (x86-64 unless a host says otherwise).
     */
    default Arch arch() {
        return Arch.X86_64;
    }

    /** The running base image: its symbols resolve payloads, its build-id is the hypervisor's. */
    GuestImage image();

    /** The host's guest memory, which the splice engine patches. */
    GuestMemory memory();

    /** Where payloads are loaded. */
    PayloadArea payloadArea();

    /** Runs a hook; a fault or a runaway becomes a {@link dev.quiesce.emulator.call.GuestFault}. */
    GuestCaller caller();

    /**
     * Told of every store the splice makes while applying or reverting (the coordinator decides per CPU when
     * the store is observed); by default nobody.
     */
    default StoreListener storeListener() {
        return StoreListener.NONE;
    }
}
