package dev.quiesce.emulator.call;

/**
 * Something that runs a guest function to its return: what Xen's livepatch core does when it calls a
 * payload's load/unload/action hooks ({@code xen/common/livepatch.c}). {@link GuestCall} is the
 * emulator's implementation; tests may supply their own.
 */
@FunctionalInterface
public interface GuestCaller {

    /**
     * Calls the function at {@code functionAddress} with up to six integer arguments (System V
     * x86-64: RDI, RSI, RDX, RCX, R8, R9) and returns RAX.
     *
     * @throws GuestFault if the function faults or does not return within the caller's budget
     */
    long call(long functionAddress, long... args);
}
