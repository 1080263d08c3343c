package dev.quiesce.emulator.memory;

import dev.quiesce.random.SeedStream;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-CPU code views of one host's guest memory under a stale-fetch {@link XmcModel} (docs/cross-modifying-code.md):
 * a code store ({@link GuestMemory#writeCode}) first gives every CPU that has not observed the page yet a private copy
 * of it holding the bytes it last observed; the CPU keeps fetching those until its next serialising event
 * ({@link CodeView#refresh()}). Host data writes into such a page reach the private copies too (data is coherent).
 * Under {@link XmcModel#ERRATA} a store spanning a 16-byte aligned fetch block may be observed torn by a stale CPU:
 * the part in one of its blocks becomes visible at once (seeded: stream {@code xmc.errata / cpu i / store n}).
 * Under {@link XmcModel#ARM} a store is observed at a serialising event (a context synchronisation event) only once
 * its cache maintenance completed ({@link #maintain}); bytes stored and not maintained stay as the CPU last observed
 * them (Arm ARM DDI 0487, B2.2.5, B2.4).
 *
 * <p>Memory: only pages with pending stale code are private, one 4 KiB page plus a 4 KiB copy of what it should hold.
 */
public final class CodeViews implements AutoCloseable {

    /** The fetch block a torn store is cut at (Intel SDM vol. 3A §9.1.3; AMD's 16-byte fetch window). */
    public static final int FETCH_BLOCK = 16;

    private final GuestMemory memory;
    private final XmcModel model;
    private final SharedFile file;
    private final CodeView[] views;
    private SeedStream errata; // not final: a reused host runs another seed (reseed) and a restore puts one back
    private final AtomicLong privatePages = new AtomicLong();
    private final UnmaintainedCode unmaintained = new UnmaintainedCode();
    private long stores;

    private CodeViews(GuestMemory memory, XmcModel model, SharedFile file, int cpus, SeedStream errata) {
        this.memory = memory;
        this.model = model;
        this.file = file;
        this.errata = errata;
        this.views = new CodeView[cpus];
        for (int i = 0; i < cpus; i++) {
            views[i] = new CodeView(this, file.map(), memory.base());
        }
    }

    /**
     * Gives each of {@code cpus} CPUs a view of {@code memory} (allocated with {@link GuestMemory#allocateShared})
     * and routes its code and data writes through them from now on.
     */
    public static CodeViews attach(GuestMemory memory, XmcModel model, int cpus, SeedStream errata) {
        if (!model.staleFetch()) {
            throw new IllegalArgumentException("the coherent model needs no code views");
        }
        CodeViews v = new CodeViews(memory, model, memory.sharedFile(), cpus, errata);
        memory.attach(v);
        return v;
    }

    /** The model. */
    public XmcModel model() {
        return model;
    }

    /** CPU {@code cpu}'s view. */
    public CodeView view(int cpu) {
        return views[cpu];
    }

    /** Private pages over all views now (each is 4 KiB mapped plus a 4 KiB copy). */
    public long privatePages() {
        return privatePages.get();
    }

    /**
     * Saves the views' state at a quantum boundary, for a host snapshot (docs/forking.md): only the private pages are
     * copied; shared memory is the caller's to save.
     */
    public CodeViewsImage save() {
        CodeViewsImage.View[] saved = new CodeViewsImage.View[views.length];
        for (int i = 0; i < views.length; i++) {
            saved[i] = views[i].save();
        }
        return new CodeViewsImage(stores, errata, unmaintained.copy(), saved);
    }

    /**
     * Puts back {@code saved} (taken from these views) at a quantum boundary, no engine running, after the caller put
     * shared memory back as it was then: every CPU then fetches what it fetched then, its engine having dropped the
     * translations of every page where that may differ from what it fetches now.
     */
    public void restore(CodeViewsImage saved) {
        if (saved.cpus() != views.length) {
            throw new IllegalArgumentException("code views of " + saved.cpus() + " CPUs restored into " + views.length);
        }
        for (int i = 0; i < views.length; i++) {
            views[i].restore(saved.view(i));
        }
        privatePages.set(saved.privatePages());
        unmaintained.restore(saved.unmaintained());
        stores = saved.stores();
        errata = saved.errata();
    }

    /**
     * At time 0 of a reused host (docs/forking.md §4): torn observations are drawn from {@code errata}, another run
     * seed's {@code xmc.errata} stream, as if the host had been booted with it.
     */
    public void reseed(SeedStream errata) {
        this.errata = errata;
    }

    /** Before a code store: every view that still shares a page of the range gets the old bytes privately. */
    void beforeCodeWrite(long address, int length) {
        for (long p = address & -GuestMemory.PAGE_SIZE; p < address + length; p += GuestMemory.PAGE_SIZE) {
            byte[] old = null;
            for (CodeView v : views) {
                if (!v.stale(p)) {
                    old = old == null ? memory.read(p, (int) GuestMemory.PAGE_SIZE) : old;
                    v.privatize(p, old.clone());
                }
            }
        }
    }

    /**
     * The patcher's cache maintenance of {@code [address, address + length)} completed (under {@link XmcModel#ARM};
     * nothing to do under the other models): the bytes stored there become fetchable by each CPU at its next context
     * synchronisation event ({@link CodeView#refresh}). What it stands for is Linux's
     * {@code caches_clean_inval_pou()} after {@code aarch64_insn_write()} (arch/arm64/kernel/patching.c,
     * {@code aarch64_insn_patch_text_nosync()}) and Xen's {@code clean_and_invalidate_dcache_va_range()} in
     * {@code arch_livepatch_apply()} (xen/arch/arm/arm64/livepatch.c) with {@code invalidate_icache()} in
     * {@code arch_livepatch_revive()} (xen/arch/arm/livepatch.c): {@code DC CVAU} to the Point of Unification,
     * {@code DSB ISH}, {@code IC IVAU} broadcast to the Inner Shareable domain, {@code DSB ISH}.
     */
    public void maintain(long address, long length) {
        if (model.needsMaintenance()) {
            unmaintained.maintained(address, length);
        }
    }

    /** Whether every code store so far was maintained (always under the models that need no maintenance). */
    public boolean allMaintained() {
        return unmaintained.isEmpty();
    }

    /** The offsets in {@code page} stored and not maintained since (never under models without maintenance). */
    java.util.BitSet unmaintained(long page) {
        return unmaintained.on(page);
    }

    /** After a code store: under errata, stale CPUs may observe a store spanning two fetch blocks torn. */
    void afterCodeWrite(long address, int length) {
        if (model.needsMaintenance()) {
            unmaintained.stored(address, length);
        }
        long n = stores++;
        long first = address & -FETCH_BLOCK;
        long last = (address + length - 1) & -FETCH_BLOCK;
        if (model != XmcModel.ERRATA || first == last) {
            return;
        }
        for (int c = 0; c < views.length; c++) {
            int choice = (int) errata.child("cpu", c).child("store", n).random().nextLong(3);
            if (choice == 0 || !views[c].stale(address)) {
                continue; // observed whole (old), as under serialize
            }
            long from = choice == 1 ? address : last;
            long to = choice == 1 ? first + FETCH_BLOCK : address + length;
            views[c].observeTorn(from, (int) (to - from), memory.segment());
        }
    }

    /** After a host data write: private copies of the pages it touches follow it. */
    void dataWritten(long address, long length) {
        if (privatePages.get() == 0) {
            return;
        }
        for (CodeView v : views) {
            v.follow(address, length, memory.segment());
        }
    }

    void privatizeNative(CodeView v, long page, byte[] contents) {
        file.privatize(v.segment(), page - memory.base(), contents);
        privatePages.incrementAndGet();
    }

    void share(CodeView v, long page) {
        file.share(v.segment(), page - memory.base());
    }

    void released(int pages) {
        privatePages.addAndGet(-pages);
    }

    /** What shared memory holds at {@code page} now (the bytes every store so far left there). */
    byte[] shared(long page) {
        return memory.read(page, (int) GuestMemory.PAGE_SIZE);
    }

    void writeBack(long address, byte value) {
        memory.segment().set(ValueLayout.JAVA_BYTE, address - memory.base(), value);
    }

    @Override
    public void close() {
        // the mappings belong to the memory's file and go with it
    }
}
