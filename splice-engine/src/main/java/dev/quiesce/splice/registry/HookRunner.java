package dev.quiesce.splice.registry;

import dev.quiesce.emulator.call.GuestCaller;
import dev.quiesce.emulator.call.GuestFault;
import dev.quiesce.emulator.link.GuestImage;
import dev.quiesce.payload.HookKind;
import java.util.Locale;

/**
 * Calls a payload's hooks as guest code (Xen calls them directly: {@code data->load_funcs[i]()},
 * {@code (*data->hooks.apply.pre)(data)} … in xen/common/livepatch.c): load and unload hooks without arguments,
 * pre, post and action hooks with the payload's {@code livepatch_payload_t}. A {@link GuestFault} becomes a
 * {@link HookFault} whose sentence names the hook, where it stopped and what to do.
 */
final class HookRunner {

    private final GuestCaller caller;
    private final GuestImage image;

    HookRunner(GuestCaller caller, GuestImage image) {
        this.caller = caller;
        this.image = image;
    }

    /** Runs every entry of {@code p}'s load or unload array, in section order. */
    void runArray(LoadedPayload p, HookKind kind) {
        for (long address : p.hookArray(kind)) {
            call(p, kind, address);
        }
    }

    /** Runs {@code p}'s single hook of {@code kind} with its {@code livepatch_payload_t}; returns the int in EAX. */
    int runSingle(LoadedPayload p, HookKind kind) {
        return (int) call(p, kind, p.hook(kind), p.funcStates.payloadPointer());
    }

    private long call(LoadedPayload p, HookKind kind, long address, long... args) {
        try {
            return caller.call(address, args);
        } catch (GuestFault f) {
            String hook = symbolize(p, address);
            throw new HookFault(("the %s hook %s of payload '%s' did not return (%s at %s: %s); Xen would crash here."
                    + " The hook's own check failed or it is broken: fix the payload, or unload it and upload a"
                    + " fresh copy if its state is stale").formatted(kind.name().toLowerCase(Locale.ROOT),
                    hook, p.name, f.kind(), symbolize(p, f.pc()), f.getMessage()), f);
        }
    }

    private String symbolize(LoadedPayload p, long address) {
        return p.linked.symbols().containing(address).isPresent() ? p.linked.symbols().symbolize(address)
                : image.symbols().symbolize(address);
    }
}
