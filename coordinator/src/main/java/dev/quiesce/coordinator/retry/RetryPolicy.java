package dev.quiesce.coordinator.retry;

import dev.quiesce.coordinator.ApplyOutcome;
import dev.quiesce.coordinator.ApplyResult;
import dev.quiesce.coordinator.ApplyRequest;
import dev.quiesce.random.DetRandom;
import dev.quiesce.splice.registry.LivepatchRegistry;
import dev.quiesce.time.SimTime;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the caller re-issues an action whose rendezvous timed out with -EBUSY (Xen does not: {@code livepatch_spin()}
 * in xen/common/livepatch.c aborts and leaves rc -EBUSY; {@code xen-livepatch} exits 2 so that its caller
 * retries). {@link None} is Xen's own behaviour; {@link Fixed} is kpatch's and Ksplice's fixed count and interval
 * ({@link Fixed#kpatch()}, {@link Fixed#ksplice()}); {@link Exponential} is backoff with seeded jitter;
 * {@link Adaptive} also grows the next attempt's timeout from the arrivals the last attempt observed.
 * Every attempt is a request of its own ({@link ApplyRequest#attempt()}), so each one is recorded as an outcome.
 *
 * <p>{@link #parse(String)} reads the text form ({@code --retry}): {@value #FORMS}.
 */
public sealed interface RetryPolicy {

    /** The legal text forms of {@link #parse(String)}, for help texts and error messages. */
    String FORMS = "none | fixed(attempts,delay) | kpatch | ksplice | exponential(base,factor,max,jitter,attempts)"
            + " | adaptive(attempts,delay,margin,maxTimeout)"
            + " | the bare names fixed, exponential and adaptive for their defaults";

    /** The largest rendezvous timeout Xen accepts: a uint32 count of ns (about 4.29 s). */
    long MAX_TIMEOUT_NS = 0xFFFF_FFFFL;

    /**
     * The caller's next attempt: wait {@code delayNs} after the failed attempt's release, then issue it again with
     * {@code timeoutNs} ({@link ApplyRequest#timeoutNs()}; 0 is Xen's default of 30 ms, as in the request).
     */
    record Retry(long delayNs, long timeoutNs) {
        public Retry {
            if (delayNs < 0 || timeoutNs < 0) {
                throw new IllegalArgumentException("a retry's delay and timeout must not be negative");
            }
        }
    }

    /**
     * The delay before attempt {@code next} (2, 3, …) after a timeout, or empty when the caller gives up. The
     * timeout of that attempt is the previous one's; {@link #next} also gives a new timeout ({@link Adaptive}).
     *
     * @param random the seeded jitter stream (one per host and request)
     */
    OptionalLong delayBefore(int next, DetRandom random);

    /**
     * The retry after {@code outcome} of {@code previous}: its delay and the next attempt's timeout, or empty when
     * the caller gives up or there is nothing to retry. Only -EBUSY is retried, as {@code xen-livepatch}'s exit 2,
     * kpatch's "Device or resource busy" and Ksplice's {@code CODE_BUSY}: an outcome "timed-out" (a rendezvous
     * phase) or "aborted" (the protocol gave up, e.g. on a busy stack); a done or refused outcome gives empty
     * without drawing from {@code random}. {@link None}, {@link Fixed} and
     * {@link Exponential} keep the timeout and draw the same delay as {@link #delayBefore}
     * ({@code previous.attempt() + 1}); {@link Adaptive} overrides this to grow the timeout.
     *
     * @param random the seeded jitter stream (one per host and request)
     */
    default Optional<Retry> next(ApplyRequest previous, ApplyOutcome outcome, DetRandom random) {
        if (!busy(outcome)) {
            return Optional.empty();
        }
        OptionalLong delay = delayBefore(previous.attempt() + 1, random);
        return delay.isPresent() ? Optional.of(new Retry(delay.getAsLong(), previous.timeoutNs())) : Optional.empty();
    }

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
     * Up to {@code attempts} attempts, {@code delayNs} apart (no jitter), each with the first attempt's timeout.
     * The presets are the two peers' loops, both retrying only on "busy":
     * <ul>
     *   <li>{@link #kpatch()}, 5 attempts 2 s apart: {@code kpatch load} ({@code load_module()} in the
     *       {@code kpatch} script, dynup/kpatch:kpatch/kpatch) re-runs {@code insmod} while it fails with "Device or
     *       resource busy" (the activeness safety check), {@code MAX_LOAD_ATTEMPTS=5} times,
     *       {@code sleep $RETRY_INTERVAL} ({@code RETRY_INTERVAL=2} s) between them, then dies;</li>
     *   <li>{@link #ksplice()}, 5 attempts 1 s apart: Ksplice's {@code patch_action()}
     *       (linux-kernel-live-patching/ksplice:kmodsrc/ksplice.c) runs {@code stop_machine} up to 5 times while the
     *       stack check returns {@code CODE_BUSY}, sleeping {@code msecs_to_jiffies(1000)} between them, then
     *       prints the conflicts and aborts ("code is busy"). That loop is in the kernel module rather than at the
     *       caller, but it has the same shape.</li>
     * </ul>
     * (docs/peer-protocols.md: kpatch, Ksplice and "Retry cadences at a glance": "5 tries, 2 s apart", "5 stop_machine tries, 1 s
     * apart, then abort".)
     */
    record Fixed(int attempts, long delayNs) implements RetryPolicy {

        public Fixed {
            if (attempts < 1 || delayNs < 0) {
                throw new IllegalArgumentException("fixed retry needs attempts >= 1 and delay >= 0");
            }
        }

        /** kpatch's {@code kpatch load}: {@code MAX_LOAD_ATTEMPTS=5} insmod tries, {@code RETRY_INTERVAL=2} s apart. */
        public static Fixed kpatch() {
            return new Fixed(5, 2 * SimTime.NS_PER_S);
        }

        /** Ksplice's {@code patch_action()}: 5 {@code stop_machine} tries, 1000 ms apart. */
        public static Fixed ksplice() {
            return new Fixed(5, SimTime.NS_PER_S);
        }

        @Override
        public OptionalLong delayBefore(int next, DetRandom random) {
            return next > attempts ? OptionalLong.empty() : OptionalLong.of(delayNs);
        }

        @Override
        public String describe() {
            return "fixed(attempts=" + attempts + ", delay=" + SimTime.format(delayNs) + ")";
        }
    }

    /**
     * Up to {@code attempts} attempts; before attempt {@code n} wait {@code min(max, base * factor^(n-2))}, scaled
     * by a uniform factor in {@code [1 - jitter, 1 + jitter]}.
     */
    record Exponential(long baseNs, double factor, long maxNs, double jitter, int attempts) implements RetryPolicy {

        public Exponential {
            if (baseNs <= 0 || !(factor >= 1) || Double.isInfinite(factor) || maxNs < baseNs
                    || !(jitter >= 0 && jitter < 1) || attempts < 1) {
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

    /**
     * Up to {@code attempts} attempts, {@code delayNs} apart (no jitter), each with a timeout grown from what the
     * previous attempt observed (see {@link #timeoutAfter}): the next timeout is the larger of twice the previous
     * timeout and {@code margin} × the time all CPUs would have needed at the rate they were seen arriving
     * (latest arrival after the master's election × CPUs ÷ CPUs arrived, the master counted, as it arrives at its
     * election), capped at {@code maxTimeoutNs} and never below the previous timeout.
     *
     * <p>So a lone straggler (seven of eight CPUs in within 100 µs) only doubles the timeout, while CPUs trickling
     * in up to the deadline (two of eight, the last at 24 of 30 ms: 96 ms at that rate) grow it to
     * {@code margin × 96 ms}. An attempt that timed out in the IRQ phase saw every CPU arrive, so it doubles unless
     * {@code margin × latest arrival} is larger. An "aborted" attempt is retried with the same timeout.
     */
    record Adaptive(int attempts, long delayNs, double margin, long maxTimeoutNs) implements RetryPolicy {

        public Adaptive {
            if (attempts < 1 || delayNs < 0 || !(margin >= 1) || Double.isInfinite(margin) || maxTimeoutNs < 1
                    || maxTimeoutNs > MAX_TIMEOUT_NS) {
                throw new IllegalArgumentException("adaptive retry needs attempts >= 1, delay >= 0, margin >= 1 and"
                        + " maxTimeout in [1ns, " + MAX_TIMEOUT_NS + "ns] (Xen's uint32)");
            }
        }

        @Override
        public OptionalLong delayBefore(int next, DetRandom random) {
            return next > attempts ? OptionalLong.empty() : OptionalLong.of(delayNs);
        }

        @Override
        public Optional<Retry> next(ApplyRequest previous, ApplyOutcome outcome, DetRandom random) {
            if (!busy(outcome) || previous.attempt() + 1 > attempts) {
                return Optional.empty();
            }
            return Optional.of(new Retry(delayNs, timeoutAfter(previous, outcome)));
        }

        /**
         * The next attempt's timeout after {@code outcome}: {@code max(T, min(maxTimeout, max(2 T, margin × E)))},
         * where {@code T} is the timeout the attempt ran with (its deadline minus its master's election; before an
         * election, the request's, 0 being Xen's 30 ms) and {@code E = L × n / k}, {@code L} the latest arrival
         * after the master's election, {@code k} the CPUs that arrived (the master included) of {@code n}
         * ({@code E = 0} when no master was elected). An attempt that did not time out (e.g. "aborted" on a busy
         * stack) keeps the request's timeout: its deadline was not what failed.
         */
        public long timeoutAfter(ApplyRequest previous, ApplyOutcome outcome) {
            if (outcome.result() != ApplyResult.TIMED_OUT) {
                return previous.timeoutNs();
            }
            long t = outcome.masterNs() >= 0 && outcome.deadlineNs() >= outcome.masterNs()
                    ? outcome.deadlineNs() - outcome.masterNs()
                    : previous.timeoutNs() == 0 ? LivepatchRegistry.DEFAULT_TIMEOUT_NS : previous.timeoutNs();
            long[] arrivals = outcome.arrivalNs();
            int arrived = 0;
            long latest = 0;
            for (long a : arrivals) {
                if (a >= 0) {
                    arrived++;
                    latest = Math.max(latest, a - outcome.masterNs());
                }
            }
            double estimate = outcome.masterNs() < 0 || arrived == 0 ? 0 : (double) latest * arrivals.length / arrived;
            double grown = Math.max(2.0 * t, margin * estimate);
            long capped = (long) Math.ceil(Math.min((double) maxTimeoutNs, grown));
            return Math.max(t, capped);
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "adaptive(attempts=%d, delay=%s, margin=%s, maxTimeout=%s)",
                    attempts, SimTime.format(delayNs), margin, SimTime.format(maxTimeoutNs));
        }
    }

    /** No retry. */
    static RetryPolicy none() {
        return new None();
    }

    /**
     * Reads a policy, the bare {@code exponential} being {@code exponential(1ms,2,16ms,0.25,5)}; see
     * {@link #parse(String, long)}.
     */
    static RetryPolicy parse(String spec) {
        return parse(spec, SimTime.NS_PER_MS);
    }

    /**
     * Reads a policy written as one of (names case-insensitive, blanks around the arguments allowed; durations as
     * {@link SimTime#parseDuration}, e.g. {@code 2s}, {@code 1ms}):
     * <ul>
     *   <li>{@code none}: Xen, no retry;</li>
     *   <li>{@code fixed(attempts,delay)}, e.g. {@code fixed(5,2s)}; bare {@code fixed} and {@code kpatch} are
     *       {@code fixed(5,2s)} ({@link Fixed#kpatch()}), {@code ksplice} is {@code fixed(5,1s)}
     *       ({@link Fixed#ksplice()});</li>
     *   <li>{@code exponential(base,factor,max,jitter,attempts)}, e.g. {@code exponential(1ms,2,16ms,0.25,5)}; bare
     *       {@code exponential} is {@code exponential(B,2,16B,0.25,5)} with {@code B = exponentialBaseNs} (1 ms for
     *       {@link #parse(String)}; {@code quiesce run} passes the rendezvous timeout, 30 ms by default);</li>
     *   <li>{@code adaptive(attempts,delay,margin,maxTimeout)}, e.g. {@code adaptive(5,1ms,2,480ms)}; bare
     *       {@code adaptive} is {@code adaptive(5,1ms,2,480ms)} (480 ms: Xen's 30 ms doubled four times).</li>
     * </ul>
     *
     * @throws IllegalArgumentException saying what is wrong and listing the legal forms
     */
    static RetryPolicy parse(String spec, long exponentialBaseNs) {
        if (exponentialBaseNs <= 0 || exponentialBaseNs > Long.MAX_VALUE / 16) {
            throw new IllegalArgumentException("the default exponential base must be positive and at most 1/16 of"
                    + " Long.MAX_VALUE ns: " + exponentialBaseNs);
        }
        try {
            Matcher m = Pattern.compile("([A-Za-z]+)\\s*(?:\\((.*)\\))?").matcher(spec == null ? "" : spec.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("write a name with an optional (argument list)");
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            List<String> args = m.group(2) == null ? null
                    : Arrays.stream(m.group(2).split(",", -1)).map(String::strip).toList();
            return switch (name) {
                case "none" -> noArguments(name, args, none());
                case "kpatch" -> noArguments(name, args, Fixed.kpatch());
                case "ksplice" -> noArguments(name, args, Fixed.ksplice());
                case "fixed" -> args == null ? Fixed.kpatch()
                        : new Fixed(count(arity(args, 2, "fixed(attempts,delay)").get(0)), duration(args.get(1)));
                case "exponential" -> args == null
                        ? new Exponential(exponentialBaseNs, 2, exponentialBaseNs * 16, 0.25, 5)
                        : new Exponential(duration(arity(args, 5, "exponential(base,factor,max,jitter,attempts)").get(0)),
                                number(args.get(1)), duration(args.get(2)), number(args.get(3)), count(args.get(4)));
                case "adaptive" -> args == null ? new Adaptive(5, SimTime.NS_PER_MS, 2, 480 * SimTime.NS_PER_MS)
                        : new Adaptive(count(arity(args, 4, "adaptive(attempts,delay,margin,maxTimeout)").get(0)),
                                duration(args.get(1)), number(args.get(2)), duration(args.get(3)));
                default -> throw new IllegalArgumentException("unknown policy '" + name + "'");
            };
        } catch (IllegalArgumentException e) { // ours, SimTime's and the records' own checks
            throw new IllegalArgumentException("'" + spec + "' is not a retry policy: " + e.getMessage()
                    + "; legal forms: " + FORMS + " (fixed = kpatch = fixed(5,2s), ksplice = fixed(5,1s), exponential ="
                    + " exponential(" + SimTime.format(exponentialBaseNs) + ",2,"
                    + SimTime.format(exponentialBaseNs * 16) + ",0.25,5), adaptive = adaptive(5,1ms,2,480ms))", e);
        }
    }

    private static RetryPolicy noArguments(String name, List<String> args, RetryPolicy policy) {
        if (args != null) {
            throw new IllegalArgumentException(name + " takes no arguments");
        }
        return policy;
    }

    private static List<String> arity(List<String> args, int n, String form) {
        if (args.size() != n) {
            throw new IllegalArgumentException(form + " takes " + n + " arguments, not " + args.size());
        }
        return args;
    }

    private static int count(String a) {
        if (!a.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("'" + a + "' is not a whole number of attempts");
        }
        return Integer.parseInt(a);
    }

    private static double number(String a) {
        if (!a.matches("\\d{1,9}(?:\\.\\d{1,9})?")) {
            throw new IllegalArgumentException("'" + a + "' is not a number such as 2 or 0.25");
        }
        return Double.parseDouble(a);
    }

    private static long duration(String a) {
        return SimTime.parseDuration(a);
    }

    /** Whether the outcome is -EBUSY worth a retry: "timed-out" or "aborted" ({@link ApplyOutcome#result()}). */
    private static boolean busy(ApplyOutcome outcome) {
        return outcome.result().retryable();
    }
}
