package dev.quiesce.interrupt;

/**
 * Maskable interrupt, non-maskable interrupt or machine-check exception.
 */
public enum InterruptKind {
    /** Delivered only while the guest's interrupt flag (RFLAGS.IF) is set. */
    IRQ,
    /** Delivered regardless of RFLAGS.IF; blocked only while another NMI is being handled. */
    NMI,
    /**
     * A machine-check exception (#MC, vector 18): delivered regardless of RFLAGS.IF and of NMI blocking, and not
     * masked by any NMI policy. On hardware a second #MC while MCG_STATUS.MCIP is set shuts the processor down
     * (Intel SDM vol. 3B, "Machine-Check Architecture", MCG_STATUS MSR); the simulator counts it as lost instead
     * (docs/machine-checks.md).
     */
    MCE
}
