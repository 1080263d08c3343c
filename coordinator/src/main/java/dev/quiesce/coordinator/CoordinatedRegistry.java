package dev.quiesce.coordinator;

import dev.quiesce.host.HostMachine;
import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.emulator.call.GuestCaller;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.envelope.SignaturePolicy;
import dev.quiesce.splice.PatchIsa;
import dev.quiesce.splice.SpliceEngine;
import dev.quiesce.splice.registry.ActionExecutor;
import dev.quiesce.splice.StoreListener;
import dev.quiesce.splice.registry.HostView;
import dev.quiesce.splice.registry.LivepatchRegistry;
import dev.quiesce.splice.registry.PayloadArea;

/**
 * Builds a running host's livepatch registry (Xen's {@code xen/common/livepatch.c} state) over a
 * {@link HostMachine} whose CPUs are running: payloads go into the payload area but its last
 * {@link #CALL_STACK} bytes, which are the stack of the guest calls that run hooks — no CPU's own stack is
 * touched while it is held in the rendezvous.
 */
public final class CoordinatedRegistry {

    /** Bytes at the top of the payload area kept for the hook-calling stack. */
    public static final long CALL_STACK = 16 * 1024;
    /** Bytes below the hook stack kept for protocol trampolines (lazy.per-cpu's universe dispatch). */
    public static final long TRAMPOLINES = 4 * 1024;

    private CoordinatedRegistry() {
    }

    /** The registry of {@code machine}, running accepted actions through {@code executor}. */
    public static LivepatchRegistry create(HostMachine machine, ActionExecutor executor) {
        return create(machine, executor, StoreListener.NONE);
    }

    /** The first address of {@code machine}'s trampoline area. */
    public static long trampolines(HostMachine machine) {
        return machine.image().end() + machine.settings().payloadArea() - CALL_STACK - TRAMPOLINES;
    }

    /**
     * The registry of {@code machine}, running accepted actions through {@code executor}; stores reported to
     * {@code stores}; no trust policy ({@link SignaturePolicy#NONE}: a signed envelope must still verify).
     */
    public static LivepatchRegistry create(HostMachine machine, ActionExecutor executor, StoreListener stores) {
        return create(machine, executor, stores, SignaturePolicy.NONE);
    }

    /** As {@link #create(HostMachine, ActionExecutor, StoreListener)}, checking uploads against {@code policy}. */
    public static LivepatchRegistry create(HostMachine machine, ActionExecutor executor, StoreListener stores,
                                           SignaturePolicy policy) {
        GuestImage image = machine.image();
        long size = machine.settings().payloadArea();
        if (size <= CALL_STACK + TRAMPOLINES) {
            throw new IllegalArgumentException("payload-area must exceed " + (CALL_STACK + TRAMPOLINES) + " bytes, is "
                    + size);
        }
        PayloadArea area = new PayloadArea(image.end(), size - CALL_STACK - TRAMPOLINES);
        GuestCall call = new GuestCall(machine.arch(), machine.memory(), image.end() + size, machine.interruptReturn());
        HostView view = new HostView() {
            @Override
            public Arch arch() {
                return machine.arch();
            }

            @Override
            public GuestImage image() {
                return image;
            }

            @Override
            public GuestMemory memory() {
                return machine.memory();
            }

            @Override
            public PayloadArea payloadArea() {
                return area;
            }

            @Override
            public GuestCaller caller() {
                return call;
            }

            @Override
            public StoreListener storeListener() {
                return stores;
            }
        };
        return new LivepatchRegistry(view, new SpliceEngine(machine.memory(), PatchIsa.of(machine.arch())), executor, policy);
    }

    /** A guest caller on the hook stack of {@code machine} (e.g. to call {@code xen_extra_version()}). */
    public static GuestCall caller(HostMachine machine) {
        return new GuestCall(machine.arch(), machine.memory(), machine.image().end() + machine.settings().payloadArea(),
                machine.interruptReturn());
    }
}
