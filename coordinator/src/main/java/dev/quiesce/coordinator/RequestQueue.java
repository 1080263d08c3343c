package dev.quiesce.coordinator;

import dev.quiesce.coordinator.retry.RetryPolicy;
import dev.quiesce.random.DetRandom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The apply requests a host coordinator still has to issue, in time order, with the caller's retries put in as
 * its {@link RetryPolicy} decides them (jitter from the host's {@code retry} stream).
 */
final class RequestQueue {

    private final List<ApplyRequest> requests;
    private RetryPolicy retry; // not final: a forked sweep point takes its own (rebind)
    private DetRandom jitter; // not final: a reused host takes another seed's stream (reseed)
    private int next;
    private boolean retryAsked;

    /** The queue of {@code requests} on a host of {@code cpus} CPUs; every request's CPU must exist. */
    RequestQueue(List<ApplyRequest> requests, int cpus, RetryPolicy retry, DetRandom jitter) {
        for (ApplyRequest r : requests) {
            if (r.cpu() >= cpus) {
                throw new IllegalArgumentException("request from cpu " + r.cpu() + " on a host of " + cpus);
            }
        }
        this.requests = new ArrayList<>(requests.stream().sorted(Comparator.comparingLong(ApplyRequest::atNs)).toList());
        this.retry = retry;
        this.jitter = jitter;
    }

    /**
     * Takes other requests and another retry policy before any request was issued: a run forked before its first
     * hypercall goes on as a sweep point whose barrier timeout, NMI policy or retry policy differ (docs/forking.md).
     * The requests must be the same but for their timeouts and NMI policies.
     *
     * @throws IllegalStateException if a request was issued already, or the requests differ in more
     */
    void rebind(List<ApplyRequest> others, RetryPolicy policy) {
        List<ApplyRequest> sorted = others.stream().sorted(Comparator.comparingLong(ApplyRequest::atNs)).toList();
        if (next != 0 || sorted.size() != requests.size()) {
            throw new IllegalStateException("requests can only be rebound before the first is issued");
        }
        for (int i = 0; i < sorted.size(); i++) {
            ApplyRequest a = requests.get(i);
            ApplyRequest b = sorted.get(i);
            if (!a.withTimeout(b.timeoutNs()).withNmiPolicy(b.nmiPolicy()).equals(b)) {
                throw new IllegalStateException("a rebound request differs in more than its timeout and NMI policy");
            }
            requests.set(i, b);
        }
        this.retry = policy;
    }

    /** Takes another seed's jitter stream before any request was issued (a booted host reused for another seed). */
    void reseed(DetRandom stream) {
        if (next != 0) {
            throw new IllegalStateException("a queue can only be reseeded before its first request is issued");
        }
        this.jitter = stream;
    }

    /** Whether the retry policy was asked at all (a run that never asked it is the same under any other policy). */
    boolean retryAsked() {
        return retryAsked;
    }

    /** Whether every request (and every retry decided so far) was taken. */
    boolean exhausted() {
        return next >= requests.size();
    }

    /** When the next request is due; {@link Long#MAX_VALUE} when every request was taken. */
    long nextAtNs() {
        return exhausted() ? Long.MAX_VALUE : requests.get(next).atNs();
    }

    /** The next request if it is due at {@code nowNs} (taken off the queue), else null. */
    ApplyRequest takeDue(long nowNs) {
        if (exhausted() || requests.get(next).atNs() > nowNs) {
            return null;
        }
        return requests.get(next++);
    }

    /**
     * After a finished attempt: if it may be retried and the policy says again, queues the next attempt after the
     * ones already due by then.
     */
    void retryAfter(ApplyOutcome o) {
        if (!o.retryable()) {
            return;
        }
        retryAsked = true;
        Optional<RetryPolicy.Retry> again = retry.next(o.request(), o, jitter);
        if (again.isEmpty()) {
            return;
        }
        long at = Math.max(o.releasedNs(), o.issuedNs()) + again.get().delayNs();
        ApplyRequest retried = o.request().retryAt(at).withTimeout(again.get().timeoutNs());
        int i = next;
        while (i < requests.size() && requests.get(i).atNs() <= at) {
            i++;
        }
        requests.add(i, retried);
    }
}
