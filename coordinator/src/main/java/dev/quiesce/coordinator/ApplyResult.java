package dev.quiesce.coordinator;

/**
 * What became of one apply attempt, as an {@link ApplyOutcome} reports it; each has its spelling in printed output,
 * JSON, recorded traces and trace hashes ({@link #label()}, also its {@link #toString()}).
 */
public enum ApplyResult {
    /** The action ran; the payload's rc says how it went. */
    DONE("done"),
    /** A rendezvous phase timed out (-EBUSY, nothing changed). */
    TIMED_OUT("timed-out"),
    /** The protocol refused to go on: a busy stack, an NMI in a patched function. */
    ABORTED("aborted"),
    /** The hypercall itself failed. */
    REFUSED("refused"),
    /** An oracle ended the run while the attempt was in progress. */
    CUT_SHORT("cut-short");

    private final String label;

    ApplyResult(String label) {
        this.label = label;
    }

    /** The spelling of reports, JSON and traces, e.g. {@code timed-out}. */
    public String label() {
        return label;
    }

    /** Whether the caller should retry: the protocol timed out or aborted (-EBUSY). */
    public boolean retryable() {
        return this == TIMED_OUT || this == ABORTED;
    }

    /** The {@link #label()}, so that text made from an outcome reads as before. */
    @Override
    public String toString() {
        return label;
    }
}
