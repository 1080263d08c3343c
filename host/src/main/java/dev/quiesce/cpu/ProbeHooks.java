package dev.quiesce.cpu;

import dev.quiesce.host.HostProbes;
import dev.quiesce.emulator.unicorn.Hook;
import dev.quiesce.emulator.unicorn.Hooks;
import dev.quiesce.emulator.unicorn.UnicornEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One CPU's code hooks on the host's probe ranges ({@link HostProbes}): re-hooked when the ranges change, each hit
 * kept with the count of instructions executed before it in the run, so that the CPU can merge hits with its
 * quiescence hits in execution order.
 */
final class ProbeHooks {

    /** One hit: {@code index} instructions into the run, at {@code pc} ({@code size} bytes). */
    record Hit(long index, long pc, int size, boolean nmi, boolean irq, boolean mce) {
    }

    private final UnicornEngine engine;
    private final HostProbes probes;
    private final BooleanSupplier inNmi;
    private final BooleanSupplier inIrq;
    private final BooleanSupplier inMce;
    private final List<Hook> hooks = new ArrayList<>();
    private final List<Hit> hits = new ArrayList<>();
    private List<HostProbes.Range> hooked = List.of(); // the ranges the hooks cover
    private int version;

    ProbeHooks(UnicornEngine engine, HostProbes probes, BooleanSupplier inNmi, BooleanSupplier inIrq,
               BooleanSupplier inMce) {
        this.engine = engine;
        this.probes = probes;
        this.inNmi = inNmi;
        this.inIrq = inIrq;
        this.inMce = inMce;
    }

    /** Re-hooks the host's ranges if they changed since the last call (at a quantum's start). */
    void sync() {
        if (probes.version() == version) {
            return;
        }
        version = probes.version();
        if (probes.ranges().equals(hooked)) {
            return; // e.g. after a restore that put back the ranges hooked now
        }
        hooked = probes.ranges();
        for (Hook h : hooks) {
            engine.hooks().remove(h);
        }
        hooks.clear();
        for (HostProbes.Range r : probes.ranges()) {
            hooks.add(engine.hooks().code(r.begin(), r.end() - 1, new Hooks.Code() {
                @Override
                public void onCode(long address) {
                    onCode(address, 0);
                }

                @Override
                public void onCode(long address, int size) {
                    hits.add(new Hit(Math.max(0, engine.countedInRun() - 1), address, size, inNmi.getAsBoolean(),
                            inIrq.getAsBoolean(), inMce.getAsBoolean()));
                }
            }));
        }
    }

    /**
     * The native hooks this CPU has on its engine and the ranges they cover, to be put back by {@link #resume} after
     * a host snapshot's restore has put the Java state back: the engine's hooks are not part of a snapshot, so what
     * the restored fields say about them is stale (docs/forking.md). The next {@link #sync()} re-hooks only if the
     * restored ranges differ from the hooked ones, so a fork that keeps the probes removes and adds no native hook.
     */
    Object hold() {
        return new Held(List.copyOf(hooks), hooked);
    }

    /** After a restore: the hooks {@link #hold()} saw are the ones on the engine. */
    void resume(Object held) {
        Held h = (Held) held;
        hooks.clear();
        hooks.addAll(h.hooks());
        hooked = h.ranges();
        version = -1;
    }

    private record Held(List<Hook> hooks, List<HostProbes.Range> ranges) {
    }

    /** The hits of the last run, in order; {@link #clear()} after reading. */
    List<Hit> hits() {
        return hits;
    }

    void clear() {
        hits.clear();
    }
}
