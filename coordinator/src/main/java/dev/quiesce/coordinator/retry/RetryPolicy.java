package dev.quiesce.coordinator.retry;

import dev.quiesce.cpu.random.DetRandom;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * When the caller re-issues an action whose rendezvous timed out with -EBUSY (Xen does not: {@code livepatch_spin()}
 * in xen/common/livepatch.c aborts and leaves rc -EBUSY; {@code xen-livepatch} exits 2 so that its caller
 * retries). {@link None} is Xen's own behaviour; {@link Exponential} is backoff with seeded jitter.
 */
public sealed interface RetryPolicy {

    /**
     * The delay before attempt {@code next} (2, 3, …) after a timeout, or empty when the caller gives up.
     *
     * @param random the seeded jitter stream (one per host and request)
     */
    OptionalLong delayBefore(int next, DetRandom random);

    /** The name and parameters, for reports and the trace. */
    String describe();

    /** Xen and {@code xen-livepatch}: one attempt, the caller sees -EBUSY. */
    record None() implements RetryPolicy {
        @Override
        public OptionalLong delayBefore(int next, DetRandom random) {
            return OptionalLong.empty();
        }

        @Override
        public String describe() {
            return "none";
        }
    }

    /**
     * Up to {@code attempts} attempts; before attempt {@code n} wait {@code min(max, base * factor^(n-2))}, scaled
     * by a uniform factor in {@code [1 - jitter, 1 + jitter]}.
     */
    record Exponential(long baseNs, double factor, long maxNs, double jitter, int attempts) implements RetryPolicy {

        public Exponential {
            if (baseNs <= 0 || factor < 1 || maxNs < baseNs || jitter < 0 || jitter >= 1 || attempts < 1) {
                throw new IllegalArgumentException("exponential retry needs base > 0, factor >= 1, max >= base,"
                        + " jitter in [0, 1) and attempts >= 1");
            }
        }

        @Override
        public OptionalLong delayBefore(int next, DetRandom random) {
            if (next > attempts) {
                return OptionalLong.empty();
            }
            double d = Math.min((double) maxNs, baseNs * Math.pow(factor, next - 2));
            double scale = 1 + jitter * (2 * random.nextDouble() - 1);
            return OptionalLong.of(Math.max(1, Math.round(d * scale)));
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "exponential(base=%dns, factor=%s, max=%dns, jitter=%s, attempts=%d)",
                    baseNs, factor, maxNs, jitter, attempts);
        }
    }

    /** No retry. */
    static RetryPolicy none() {
        return new None();
    }
}
