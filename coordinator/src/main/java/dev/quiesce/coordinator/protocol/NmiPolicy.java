package dev.quiesce.coordinator.protocol;

import dev.quiesce.cpu.CpuControl;

import java.util.Locale;
import java.util.Optional;

/**
 * What happens to an NMI during a rendezvous window, from the master's mask to the release — Xen's is
 * {@link #SWALLOW}: {@code arch_livepatch_mask()} installs {@code mask_nmi_callback} (xen/arch/x86/livepatch.c),
 * which swallows every NMI on every CPU until {@code arch_livepatch_unmask()} (docs/xen-livepatch.md §4.3 steps 2 and 9,
 * §4.6). Chosen per apply ({@code ApplyRequest#nmiPolicy}).
 */
public enum NmiPolicy {
    /** Xen: every NMI delivered inside the window is dropped ({@code mask_nmi_callback} returns 1) and lost. */
    SWALLOW,
    /** NMIs stay latched (one per CPU, as the hardware latch; further ones lost) and are delivered after release. */
    DEFER,
    /** No mask: the guest's NMI handler runs inside the window, possibly on half-written code. */
    NONE,
    /**
     * kpatch: no mask, but an NMI whose handler enters a function the action changes while the window is open
     * fails the apply with -EBUSY before anything is written (kpatch's {@code kpatch_ftrace_handler()} marks the
     * update failed when an NMI meets a function in transition, kpatch/kmod/core/core.c).
     */
    ABORT;

    /** The default: Xen's. */
    public static final NmiPolicy DEFAULT = SWALLOW;

    /** The command that masks NMIs on a CPU under this policy; empty for {@link #NONE}. */
    public Optional<CpuControl> maskControl() {
        return switch (this) {
            case SWALLOW -> Optional.of(CpuControl.MASK_NMIS_SWALLOW);
            case DEFER -> Optional.of(CpuControl.MASK_NMIS_DEFER);
            case NONE, ABORT -> Optional.empty();
        };
    }

    /** Parses {@code swallow}, {@code defer}, {@code none} or {@code abort} (any case). */
    public static NmiPolicy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("NMI policy must be swallow, defer, none or abort, not '" + s + "'");
        }
    }

    /** The lower-case name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
