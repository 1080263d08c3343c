package dev.quiesce.fleet.rollout;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.protocol.RendezvousEvent;

import java.util.Locale;

/**
 * Why a host's command failed, from its last attempt: a rendezvous timeout in the CPU or the IRQ phase (Xen's
 * "Timed out on semaphore in CPU|IRQ quiesce phase"), a failed expectation (the old code is not what the payload
 * expects), an oracle violation (emulated hosts), the protocol aborting (a busy stack), another refusal, or no
 * settlement before the horizon. {@link #NONE} is success.
 */
public enum FailureCause {
    NONE("-"),
    TIMEOUT_CPU("timeout-cpu"),
    TIMEOUT_IRQ("timeout-irq"),
    EXPECTATION("expectation"),
    VIOLATION("violation"),
    ABORTED("aborted"),
    REFUSED("refused"),
    UNSETTLED("unsettled");

    private final String label;

    FailureCause(String label) {
        this.label = label;
    }

    /** The short name in reports. */
    public String label() {
        return label;
    }

    /** Whether this is a failure's cause (not {@link #NONE}). */
    public boolean failed() {
        return this != NONE;
    }

    /** The cause of {@code last}, a command's last attempt ({@link #NONE} when it was done with rc 0). */
    public static FailureCause of(ApplyOutcome last) {
        String message = last.message() == null ? "" : last.message();
        if (message.toLowerCase(Locale.ROOT).contains("expectation")) {
            return EXPECTATION;
        }
        return switch (last.result()) {
            case DONE -> last.rc() == 0 ? NONE : REFUSED;
            case TIMED_OUT -> timeoutPhase(last, message);
            case ABORTED -> ABORTED;
            case CUT_SHORT -> VIOLATION;
            case REFUSED -> REFUSED;
        };
    }

    private static FailureCause timeoutPhase(ApplyOutcome last, String message) {
        if (message.contains("in CPU quiesce phase")) {
            return TIMEOUT_CPU;
        }
        if (message.contains("in IRQ quiesce phase")) {
            return TIMEOUT_IRQ;
        }
        for (RendezvousEvent e : last.events()) {
            if (e instanceof RendezvousEvent.TimedOut t) {
                return t.phase() == RendezvousEvent.Phase.IRQ ? TIMEOUT_IRQ : TIMEOUT_CPU;
            }
        }
        return TIMEOUT_CPU;
    }
}
