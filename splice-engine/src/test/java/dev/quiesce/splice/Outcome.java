package dev.quiesce.splice;

import dev.quiesce.emulator.unicorn.FaultKind;
import dev.quiesce.emulator.call.GuestCall;
import dev.quiesce.emulator.call.GuestFault;
import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.emulator.unicorn.UnicornEngines;
import java.util.ArrayList;
import java.util.List;

/**
 * What one call of a guest function did on a fresh engine: returned a value, stopped at an int3 (the engine's
 * interrupt hook saw vector 3) or faulted. The oracle for torn patch states (docs/toolchain-and-unicorn.md: "A 5-byte JMP
 * written a byte at a time").
 *
 * @param kind  how the call ended
 * @param value RAX when it returned
 * @param fault the fault kind when it faulted
 * @param pc    where it faulted or stopped
 */
record Outcome(Kind kind, long value, FaultKind fault, long pc) {

    enum Kind { RETURNED, BREAKPOINT, FAULT }

    private static final int BREAKPOINT_VECTOR = 3;

    /** Calls {@code function} on a fresh engine mapping the host's memory. */
    static Outcome of(TestHost host, long function) {
        try (UnicornEngine engine = UnicornEngines.open()) {
            engine.mapShared(host.memory());
            List<Integer> vectors = new ArrayList<>();
            engine.hooks().interrupt(n -> {
                vectors.add(n);
                engine.stop();
            });
            GuestCall call = host.call();
            try {
                return new Outcome(Kind.RETURNED, call.call(engine, function), null, 0);
            } catch (GuestFault f) {
                if (vectors.contains(BREAKPOINT_VECTOR)) {
                    return new Outcome(Kind.BREAKPOINT, 0, null, f.pc());
                }
                return new Outcome(Kind.FAULT, 0, f.kind(), f.pc());
            }
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RETURNED -> "returned 0x%x".formatted(value);
            case BREAKPOINT -> "int3 at 0x%x".formatted(pc);
            case FAULT -> "%s at 0x%x".formatted(fault, pc);
        };
    }
}
