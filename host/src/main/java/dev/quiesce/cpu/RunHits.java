package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.UnicornEngine;

import java.util.List;

/**
 * What one engine run of a {@link Cpu} passed: its quiescence-point watch hits ({@code check_for_livepatch_work},
 * Xen's per-CPU check in the idle loop, docs/xen-livepatch.md) and its probe hits ({@link ProbeHooks}), reported
 * together in the order they happened, each timed by the instructions retired before it (docs/architecture.md §3).
 */
final class RunHits {

    private static final int QUIESCENCE_BUFFER = 4096;

    private final UnicornEngine engine;
    private final ProbeHooks probes;
    private final CpuEventLog log;
    private final long quiescencePc;
    private final long ps;
    private final long[] quiescenceHits = new long[QUIESCENCE_BUFFER];

    /** Watches {@code quiescencePc} on {@code engine}; one instruction takes {@code ps} picoseconds. */
    RunHits(UnicornEngine engine, ProbeHooks probes, CpuEventLog log, long quiescencePc, long ps) {
        this.engine = engine;
        this.probes = probes;
        this.log = log;
        this.quiescencePc = quiescencePc;
        this.ps = ps;
        engine.watch(quiescencePc, QUIESCENCE_BUFFER);
    }

    /** Reports the hits of the run that started at {@code runStartPs}, in order, and clears the probes'. */
    void report(long runStartPs) {
        int hits = engine.drainWatchHits(quiescenceHits);
        List<ProbeHooks.Hit> probeHits = probes.hits();
        int p = 0;
        for (int i = 0; i < hits; i++) {
            for (; p < probeHits.size() && probeHits.get(p).index() < quiescenceHits[i]; p++) {
                probe(runStartPs, probeHits.get(p));
            }
            log.add(new CpuEvent.Quiescence((runStartPs + quiescenceHits[i] * ps) / 1000, log.cpu(), log.next(),
                    quiescencePc));
        }
        for (; p < probeHits.size(); p++) {
            probe(runStartPs, probeHits.get(p));
        }
        probes.clear();
    }

    private void probe(long runStartPs, ProbeHooks.Hit h) {
        log.add(new CpuEvent.Probe((runStartPs + h.index() * ps) / 1000, log.cpu(), log.next(), h.pc(), h.size(),
                h.nmi(), h.irq(), h.mce()));
    }
}
