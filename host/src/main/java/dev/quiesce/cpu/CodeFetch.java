package dev.quiesce.cpu;

import dev.quiesce.emulator.memory.CodeView;
import dev.quiesce.emulator.memory.CodeViews;
import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.emulator.memory.XmcModel;
import dev.quiesce.emulator.unicorn.UnicornEngine;

/**
 * One CPU's instruction fetch as the host's cross-modifying-code model sees it (docs/cross-modifying-code.md): under
 * {@code coherent} the engine maps shared memory and every code store drops its translations; under a stale-fetch
 * model it maps its own {@link CodeView} and observes code stores only at its serialising events — the guest's
 * {@code CPUID}, the return from an interrupt ({@code IRET}), the sync IPI's {@code sync_core()} and the protocol's
 * release — each refreshed page reported as a {@link CpuEvent.CodeRefreshed}. Interrupt delivery is not serialising
 * (Intel SDM vol. 3A §9.3, §6.x "Serializing Instructions": IRET is, an interrupt or exception is not listed).
 *
 * <p>Under {@code xmc = arm} the serialising events are the Arm ARM's context synchronisation events (DDI 0487,
 * B2.2.5): an AArch64 CPU calls {@link #serialise} with {@link CpuEvent.Serialising#ISB} when it executes an
 * {@code ISB} and with {@link CpuEvent.Serialising#ERET} when it returns from an exception, and
 * {@link #exceptionEntry} whenever it takes one (an IRQ, the sync IPI, a trap); each observes only the code stores
 * whose cache maintenance completed ({@code GuestMemory.maintainCode}).
 */
final class CodeFetch {

    /** Where a CPU's fetch events go (the CPU stamps them with its time and sequence). */
    interface Sink {
        void refreshed(CpuEvent.Serialising cause, long page);

        void torn(long address, int length);
    }

    private final CodeView view;
    private boolean cpuidSeen;
    private boolean isbSeen;
    private boolean releasePending;

    private final boolean entrySynchronises;

    private CodeFetch(CodeView view, boolean entrySynchronises) {
        this.view = view;
        this.entrySynchronises = entrySynchronises;
    }

    /** Maps {@code memory} into {@code engine} as CPU {@code cpu} fetches it under the memory's model. */
    static CodeFetch map(UnicornEngine engine, GuestMemory memory, int cpu) {
        return map(engine, memory, cpu, new long[0]);
    }

    /**
     * As {@link #map(UnicornEngine, GuestMemory, int)}; on an AArch64 engine under a stale-fetch model the run also
     * stops after each {@code ISB} at {@code isbs} (the image's, {@code HostMachine.isbAddresses()}), a context
     * synchronisation event.
     */
    static CodeFetch map(UnicornEngine engine, GuestMemory memory, int cpu, long[] isbs) {
        CodeViews views = memory.codeViews();
        CodeFetch f = new CodeFetch(views == null ? null : views.view(cpu),
                views != null && views.model() == XmcModel.ARM);
        if (f.view != null) { // a CPU boots having fetched nothing: it observes every store made before (no event),
            f.view.refresh();
            f.view.drainTorn(); // and saw none of them torn (errata draws for stores before boot are not events)
        }
        engine.mapShared(memory, f.view, cpu); // with the CPU's own copy of private per-CPU data
        if (f.view != null && engine.arch() == dev.quiesce.isa.Arch.X86_64) {
            engine.hooks().cpuid(() -> f.cpuidSeen = true);
        } else if (f.view != null) {
            for (long a : isbs) {
                engine.hooks().code(a, a + 3, pc -> {
                    engine.stopAfterCurrent();
                    f.isbSeen = true;
                });
            }
        }
        return f;
    }

    /** The protocol released the CPU: it serialises before it runs again. */
    void released() {
        releasePending = view != null;
    }

    /** Before a run: torn observations since the last one, then the release's serialisation. */
    void beforeRun(Sink sink) {
        if (view == null) {
            return;
        }
        for (CodeView.Torn t : view.drainTorn()) {
            sink.torn(t.address(), t.length());
        }
        if (releasePending) {
            releasePending = false;
            serialise(CpuEvent.Serialising.RELEASE, sink);
        }
    }

    /** After a run: the run ended right after a guest {@code CPUID} or {@code ISB}. */
    void afterRun(Sink sink) {
        if (cpuidSeen) {
            cpuidSeen = false;
            serialise(CpuEvent.Serialising.CPUID, sink);
        }
        if (isbSeen) {
            isbSeen = false;
            serialise(CpuEvent.Serialising.ISB, sink);
        }
    }

    /**
     * The CPU took an exception (interrupt delivery, a trap): a context synchronisation event under a model whose
     * hardware says so ({@code xmc = arm}: Arm ARM DDI 0487, "Context synchronization event"), reported as
     * {@link CpuEvent.Serialising#EXCEPTION_ENTRY}; nothing under the x86 models, where delivery is not serialising
     * (Intel SDM vol. 3A §9.3), so an x86 CPU may call it at every delivery without changing its trace.
     */
    void exceptionEntry(Sink sink) {
        if (entrySynchronises) {
            serialise(CpuEvent.Serialising.EXCEPTION_ENTRY, sink);
        }
    }

    /**
     * A serialising event: every page of code this CPU has not observed yet is observed now (under {@code xmc = arm},
     * a context synchronisation event: the maintained part of it).
     */
    void serialise(CpuEvent.Serialising cause, Sink sink) {
        if (view == null) {
            return;
        }
        for (long page : view.refresh()) {
            sink.refreshed(cause, page);
        }
    }
}
