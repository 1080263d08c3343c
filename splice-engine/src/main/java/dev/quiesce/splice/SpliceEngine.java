package dev.quiesce.splice;

import dev.quiesce.emulator.memory.GuestMemory;
import dev.quiesce.isa.Arch;
import dev.quiesce.payload.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The patch write of one host: plans, performs and undoes the splices of payloads in guest memory, all or
 * nothing (Xen: {@code apply_payload()}, {@code revert_payload()} and {@code livepatch_check_expectations()} in
 * xen/common/livepatch.c; {@code arch_livepatch_apply()} / {@code arch_livepatch_revert()} in
 * xen/arch/x86/livepatch.c). Each site gets the jump (or NOPs) at {@code old_addr + patch_offset}; the bytes it
 * overwrote are saved per payload, so reverting in LIFO order restores a stacked payload's JMP. Not thread-safe:
 * one host drives it from one place at a time.
 */
public final class SpliceEngine {

    private final GuestMemory memory;
    private final PatchIsa isa;
    private final UndoLedger ledger;

    /** An engine writing into {@code memory} with the encoding of {@code isa}. */
    public SpliceEngine(GuestMemory memory, PatchIsa isa) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.isa = Objects.requireNonNull(isa, "isa");
        this.ledger = new UndoLedger(memory);
    }

    /** The memory this engine patches. */
    public GuestMemory memory() {
        return memory;
    }

    /**
     * Checks every enabled expectation, in site order, as {@code livepatch_verify_expectation_fn()} does: no
     * {@code old_addr} → EFAULT, length over 31 → EOVERFLOW, reserved bits set → EINVAL, {@code old_size} shorter
     * than the expectation → ERANGE, and the bytes from {@code old_addr} itself (not after ENDBR64) differing →
     * EINVAL.
     *
     * @throws SpliceException with the first failure's errno
     */
    public void checkExpectations(List<PatchSite> sites) {
        Expectations.check(memory, sites);
    }

    /**
     * Plans the apply of {@code payload}: checks the expectations, computes each site's final bytes (a JMP to
     * {@code newAddr}, or NOPs) against memory as earlier sites of the plan leave it, and saves the bytes there
     * now as the payload's undo bytes. Sites already applied by an earlier plan of the same payload are left
     * alone, as Xen skips functions marked applied. Nothing is saved when a site fails.
     *
     * @throws SpliceException EFAULT (a site outside memory), EOVERFLOW (a jump out of range), EOPNOTSUPP or
     *                         EINVAL (a NOP length Xen refuses), or an expectation's errno
     */
    public StorePlan plan(String payload, List<PatchSite> sites, Granularity g) {
        Objects.requireNonNull(payload, "payload");
        requireGranularity(g);
        checkExpectations(sites);
        Optional<UndoLedger.Entry> previous = ledger.get(payload);
        List<SiteState> states = ledger.observe(payload);
        boolean reuse = previous.isPresent() && previous.get().sites().size() == sites.size();
        ShadowMemory shadow = new ShadowMemory(memory);
        List<SavedSite> saved = new ArrayList<>();
        List<SiteChange> changes = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            if (reuse && states.get(i).applied()) {
                saved.add(previous.get().sites().get(i));
                continue;
            }
            SavedSite site = prepare(sites.get(i), shadow);
            saved.add(site);
            changes.add(new SiteChange(site.function(), site.address(), site.undo(), site.patched()));
            shadow.write(site.address(), site.patched());
        }
        ledger.put(payload, new UndoLedger.Entry(saved, true));
        return new StorePlan(PlanRenderer.render(memory, changes, g), changes);
    }

    /**
     * Performs every step of {@code plan} in order: each store through {@link GuestMemory#writeCode} (every
     * engine mapping the memory drops its translations of the range), then tells the listener.
     */
    public void execute(StorePlan plan, StoreListener listener) {
        for (PlanStep step : plan.steps()) {
            switch (step) {
                case Store s -> {
                    listener.storing(s);
                    memory.writeCode(s.address(), s.bytes());
                    listener.stored(s);
                }
                case Sync sync -> listener.synced();
            }
        }
    }

    /**
     * Plans and performs the apply of {@code payload}. All or nothing: if any step fails, every site the plan
     * touched gets its bytes back (through {@link GuestMemory#writeCode}, not reported to the listener), the
     * payload's previous undo record is restored and the failure is rethrown.
     */
    public void apply(String payload, List<PatchSite> sites, Granularity g, StoreListener listener) {
        Optional<UndoLedger.Entry> previous = ledger.get(payload);
        StorePlan plan = plan(payload, sites, g);
        try {
            execute(plan, listener);
        } catch (RuntimeException e) {
            rollback(plan);
            ledger.restore(payload, previous);
            throw e;
        }
    }

    /**
     * Plans the revert of {@code payload}: each applied site gets its undo bytes back, in site order, as
     * {@code revert_payload()} does. Sites not applied are left alone.
     *
     * @throws SpliceException ENOENT if the engine never applied the payload; EBUSY if a payload stacked later
     *                         still patches one of its sites (revert that one first)
     */
    public StorePlan revertPlan(String payload, Granularity g) {
        requireGranularity(g);
        UndoLedger.Entry entry = ledger.get(payload).orElseThrow(() -> new SpliceException(Errno.ENOENT,
                "payload '%s' was never applied on this host: apply it before reverting it".formatted(payload)));
        List<SiteState> states = ledger.observe(payload);
        List<SiteChange> changes = new ArrayList<>();
        for (int i = 0; i < entry.sites().size(); i++) {
            SavedSite site = entry.sites().get(i);
            SiteState state = states.get(i);
            switch (state.kind()) {
                case NOT_APPLIED -> { }
                case SHADOWED -> throw new SpliceException(Errno.EBUSY, ("function %s of payload '%s' is patched"
                        + " again by a payload applied later: revert that payload first").formatted(site.function(),
                        payload));
                case APPLIED, CORRUPT -> changes.add(new SiteChange(site.function(), site.address(),
                        state.actual(), site.undo()));
            }
        }
        ledger.put(payload, new UndoLedger.Entry(entry.sites(), false));
        return new StorePlan(PlanRenderer.render(memory, changes, g), changes);
    }

    /** Plans and performs the revert of {@code payload}, all or nothing like {@link #apply}. */
    public void revert(String payload, Granularity g, StoreListener listener) {
        Optional<UndoLedger.Entry> previous = ledger.get(payload);
        StorePlan plan = revertPlan(payload, g);
        try {
            execute(plan, listener);
        } catch (RuntimeException e) {
            rollback(plan);
            ledger.restore(payload, previous);
            throw e;
        }
    }

    /** Whether every site of {@code payload} is applied, none is, or a mix (never planned: none). */
    public Consistency consistency(String payload) {
        List<SiteState> states = ledger.observe(payload);
        if (states.isEmpty()) {
            return ledger.get(payload).map(e -> e.applied() ? Consistency.ALL_APPLIED : Consistency.NONE_APPLIED)
                    .orElse(Consistency.NONE_APPLIED);
        }
        if (states.stream().allMatch(SiteState::applied)) {
            return Consistency.ALL_APPLIED;
        }
        if (states.stream().allMatch(s -> s.kind() == SiteState.Kind.NOT_APPLIED)) {
            return Consistency.NONE_APPLIED;
        }
        return Consistency.MIXED;
    }

    /** The violation when {@code payload} is {@link Consistency#MIXED}, else empty. */
    public Optional<SpliceViolation> violation(String payload) {
        if (consistency(payload) != Consistency.MIXED) {
            return Optional.empty();
        }
        return Optional.of(new SpliceViolation(payload, ledger.observe(payload)));
    }

    /** Whether every site of {@code payload} is applied ({@link Consistency#ALL_APPLIED}). */
    public boolean isApplied(String payload) {
        return ledger.get(payload).isPresent() && consistency(payload) == Consistency.ALL_APPLIED;
    }

    /** What memory shows at each site of {@code payload}, in site order (empty if never planned). */
    public List<SiteState> siteStates(String payload) {
        return ledger.observe(payload);
    }

    /** The undo buffers of {@code payload}, in site order (empty if never planned). */
    public List<SavedSite> saved(String payload) {
        return ledger.get(payload).map(UndoLedger.Entry::sites).orElse(List.of());
    }

    /** The int3 protocol writes x86's {@code INT3}; on another architecture it has no meaning here. */
    private void requireGranularity(Granularity g) {
        if (g == Granularity.INT3 && isa.arch() != Arch.X86_64) {
            throw new SpliceException(Errno.EOPNOTSUPP, ("the int3 protocol (Linux text_poke_bp) is x86's and cannot"
                    + " splice %s code: choose another granularity").formatted(isa.arch()));
        }
    }

    private SavedSite prepare(PatchSite site, ShadowMemory shadow) {
        if (site.oldAddr() == 0 || !memory.contains(site.oldAddr(), Math.max(1, site.oldSize()))) {
            throw new SpliceException(Errno.EFAULT, ("function %s at 0x%x is outside guest memory [0x%x, 0x%x):"
                    + " check the payload's old_addr").formatted(site.function(), site.oldAddr(), memory.base(),
                    memory.end()));
        }
        int probe = (int) Math.min(4, memory.end() - site.oldAddr());
        int offset = isa.patchOffset(shadow.read(site.oldAddr(), probe));
        long address = site.oldAddr() + offset;
        int length = site.isNop() ? site.newSize() - offset : isa.jumpSize();
        if (length < 0) {
            throw new SpliceException(Errno.EINVAL, ("NOP patch of %s covers %d bytes, fewer than its %d-byte"
                    + " ENDBR64: NOP at least the ENDBR64").formatted(site.function(), site.newSize(), offset));
        }
        if (!memory.contains(address, length)) {
            throw new SpliceException(Errno.EFAULT, "the patch of %s at 0x%x runs past guest memory"
                    .formatted(site.function(), address));
        }
        byte[] patched = site.isNop() ? isa.nop(length) : isa.jump(address, site.newAddr());
        return new SavedSite(site.function(), address, patched, shadow.read(address, length));
    }

    private void rollback(StorePlan plan) {
        List<SiteChange> changes = plan.changes();
        for (int i = changes.size() - 1; i >= 0; i--) {
            SiteChange c = changes.get(i);
            if (c.length() > 0) {
                memory.writeCode(c.address(), c.before());
            }
        }
    }
}
