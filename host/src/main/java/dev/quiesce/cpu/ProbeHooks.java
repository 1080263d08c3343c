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
        for (Hook h : hooks) {
            engine.removeHook(h);
        }
        hooks.clear();
        for (HostProbes.Range r : probes.ranges()) {
            hooks.add(engine.hookCode(r.begin(), r.end() - 1, new Hooks.Code() {
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
     * Removes every hook this CPU has on its engine and forgets them, so the next {@link #sync()} hooks the ranges
     * afresh: a host snapshot's restore calls it before putting the Java state back, and {@link #forget()} after, so
     * the native hooks always match the restored ranges (docs/forking.md).
     */
    void unhookAll() {
        for (Hook h : hooks) {
            engine.removeHook(h);
        }
        forget();
    }

    /** Forgets the hooks it holds without touching the engine (their handles were removed by {@link #unhookAll()}). */
    void forget() {
        hooks.clear();
        version = -1;
    }

    /** The hits of the last run, in order; {@link #clear()} after reading. */
    List<Hit> hits() {
        return hits;
    }

    void clear() {
        hits.clear();
    }
}
