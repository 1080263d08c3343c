package dev.quiesce.cpu;

import dev.quiesce.emulator.unicorn.UnicornEngine;
import dev.quiesce.interrupt.Arrival;
import dev.quiesce.interrupt.InterruptKind;
import dev.quiesce.interrupt.InterruptSchedule;

import java.util.TreeMap;

/**
 * Interrupt delivery of one {@link Cpu}: its seeded arrivals held pending, one per IRQ vector, one NMI and one
 * machine check (a second while one is pending, or a machine check while one is in service, is lost), and injected
 * at instruction boundaries by priority — machine checks first, whatever RFLAGS.IF, NMI blocking or an NMI mask say
 * (Intel SDM vol. 3A, "Priority Among Concurrent Events"; docs/machine-checks.md), then an NMI unless one is in
 * service or the rendezvous defers or swallows it, then the highest IRQ vector while IF is set, as the APIC does.
 */
final class InterruptDelivery {

    /** What {@link #inject} returns when nothing is deliverable. */
    static final long NOTHING = Long.MIN_VALUE;

    private final InterruptSchedule schedule;
    private final InterruptFrames frames;
    private final CpuCommandLatch latch;
    private final UnicornEngine engine;
    private final CpuArch arch;
    private final CpuEventLog log;
    private final CodeFetch fetch;
    private final CodeFetch.Sink fetchSink;
    private final long irqHandler;
    private final long nmiHandler;
    private final long mceHandler;
    private final TreeMap<Integer, Arrival> pendingIrqs = new TreeMap<>();
    private Arrival pendingNmi;
    private Arrival pendingMce;

    /** Delivery from {@code schedule} into {@code frames}, to the three handlers' addresses. */
    InterruptDelivery(InterruptSchedule schedule, InterruptFrames frames, CpuCommandLatch latch, UnicornEngine engine,
                      CpuArch arch, CpuEventLog log, CodeFetch fetch, CodeFetch.Sink fetchSink,
                      long irqHandler, long nmiHandler, long mceHandler) {
        this.schedule = schedule;
        this.frames = frames;
        this.latch = latch;
        this.engine = engine;
        this.arch = arch;
        this.log = log;
        this.fetch = fetch;
        this.fetchSink = fetchSink;
        this.irqHandler = irqHandler;
        this.nmiHandler = nmiHandler;
        this.mceHandler = mceHandler;
    }

    /** Whether an IRQ waits. */
    boolean irqsPending() {
        return !pendingIrqs.isEmpty();
    }

    /** Whether the sync-core IPI waits. */
    boolean syncPending() {
        return pendingIrqs.containsKey(CpuControl.SYNC_VECTOR);
    }

    /** The coordinator's sync-core IPI arrives at {@code nowPs} (lost if one is pending already). */
    void raiseSync(long nowPs) {
        if (pendingIrqs.putIfAbsent(CpuControl.SYNC_VECTOR, new Arrival(nowPs, -1, InterruptKind.IRQ,
                CpuControl.SYNC_VECTOR)) != null) {
            log.add(new CpuEvent.InterruptLost(nowPs / 1000, log.cpu(), log.next(), InterruptKind.IRQ,
                    CpuControl.SYNC_VECTOR));
        }
    }

    /** Every scheduled arrival due by {@code nowPs} becomes pending, or is lost. */
    void admit(long nowPs) {
        while (schedule.peekTimePs() <= nowPs) {
            Arrival a = schedule.poll();
            boolean lost;
            if (a.kind() == InterruptKind.MCE) {
                lost = pendingMce != null || frames.inMce(); // MCIP set: hardware shuts down; counted as lost
                if (!lost) {
                    pendingMce = a;
                }
            } else if (a.kind() == InterruptKind.NMI) {
                lost = pendingNmi != null;
                if (!lost) {
                    pendingNmi = a;
                }
            } else {
                lost = pendingIrqs.putIfAbsent(a.vector(), a) != null;
            }
            if (lost) {
                log.add(new CpuEvent.InterruptLost(nowPs / 1000, log.cpu(), log.next(), a.kind(), a.vector()));
            }
        }
    }

    /**
     * Injects the highest-priority deliverable interrupt over the code at {@code rip}: returns where the CPU goes on
     * (the handler, or {@code rip} for an NMI swallowed by the rendezvous's {@code mask_nmi_callback}: "handled",
     * the handler never runs), or {@link #NOTHING}.
     */
    long inject(long rip, long nowPs) {
        if (frames.full()) {
            return NOTHING;
        }
        if (pendingMce != null) {
            Arrival a = pendingMce;
            pendingMce = null;
            return enter(InterruptKind.MCE, a.vector(), mceHandler, log.cpu(), rip, nowPs);
        }
        if (pendingNmi != null && !frames.inNmi() && !latch.defersNmis()) {
            Arrival a = pendingNmi;
            pendingNmi = null;
            if (latch.swallowsNmis()) {
                log.add(new CpuEvent.NmiSwallowed(nowPs / 1000, log.cpu(), log.next(), a.vector()));
                return rip;
            }
            return enter(InterruptKind.NMI, a.vector(), nmiHandler, log.cpu(), rip, nowPs);
        }
        if (!pendingIrqs.isEmpty() && arch.irqsEnabled(engine.readReg(arch.flags()))) {
            Arrival a = pendingIrqs.pollLastEntry().getValue(); // highest vector first, as the APIC does
            return enter(InterruptKind.IRQ, a.vector(), irqHandler, a.vector(), rip, nowPs);
        }
        return NOTHING;
    }

    private long enter(InterruptKind kind, int vector, long handler, long firstArg, long rip, long nowPs) {
        long flags = frames.push(kind, vector, rip, firstArg);
        log.add(new CpuEvent.InterruptEntry(nowPs / 1000, log.cpu(), log.next(), kind, vector, rip, flags));
        fetch.exceptionEntry(fetchSink); // a context synchronisation event on Arm, nothing on x86
        if (kind == InterruptKind.IRQ && vector == CpuControl.SYNC_VECTOR) {
            fetch.serialise(CpuEvent.Serialising.SYNC_CORE, fetchSink); // do_sync_core(): delivery alone is not
        }
        return handler;
    }

    /** An interrupt handler returned to the magic address (IRET, serialising): returns where the code goes on. */
    long leave(long nowPs) {
        InterruptFrames.Exit exit = frames.pop();
        log.add(new CpuEvent.InterruptExit(nowPs / 1000, log.cpu(), log.next(), exit.kind(), exit.vector()));
        fetch.serialise(arch.handlerReturn(), fetchSink);
        return exit.rip();
    }
}
