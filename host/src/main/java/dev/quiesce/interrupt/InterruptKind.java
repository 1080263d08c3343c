package dev.quiesce.interrupt;

/**
 * Maskable interrupt or non-maskable interrupt.
 */
public enum InterruptKind {
    /** Delivered only while the guest's interrupt flag (RFLAGS.IF) is set. */
    IRQ,
    /** Delivered regardless of RFLAGS.IF; blocked only while another NMI is being handled. */
    NMI
}
