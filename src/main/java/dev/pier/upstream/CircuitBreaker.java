package dev.pier.upstream;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pier's circuit breaker for one peer ({@code circuit_breaker} in an upstream block): a guard fed by every
 * attempt's result.
 * <ul>
 *   <li><b>closed</b>: requests flow; each result goes into a sliding window ({@code window=}, in ten buckets).
 *       Once the window holds {@code min_requests=} results, the breaker opens when the share of FAILED results
 *       reaches {@code errors=}, or when the response-head latency is over {@code latency=}: the mean by default,
 *       or the {@code percentile=} given (p95 over 2 s means more than 5% of the results took over 2 s).</li>
 *   <li><b>open</b>: the balancers skip the peer for {@code open=}.</li>
 *   <li><b>half-open</b>: then {@code probes=} requests are let through, one pick each; the breaker closes (with
 *       an empty window) when all of them succeed, and opens again at the first that fails or is too slow.</li>
 * </ul>
 * Lock-free: the state is an immutable value swapped by CAS, the window's buckets are replaced by CAS when their
 * time slot passes, and their counters are adders, so concurrent results from several event loops are all counted.
 */
final class CircuitBreaker implements PeerGuard {
    /** The directive's parameters, times in nanoseconds. */
    record Spec(int errorsPercent, long latencyNanos, int percentile, long windowNanos, int minRequests,
                long openNanos, int probes) {
        static final Spec DEFAULT = new Spec(50, 0, 0, 10_000_000_000L, 20, 30_000_000_000L, 3);
    }

    private sealed interface State permits Closed, Open, HalfOpen { }

    private record Closed() implements State { }

    private record Open(long until) implements State { }

    private record HalfOpen(int issued, int succeeded) implements State { }

    private static final Closed CLOSED = new Closed();
    private static final int BUCKETS = 10;

    private final Spec spec;
    private final long bucketNanos;
    private final AtomicReference<State> state = new AtomicReference<>(CLOSED);
    private final AtomicReferenceArray<Bucket> buckets = new AtomicReferenceArray<>(BUCKETS);

    CircuitBreaker(Spec spec) {
        this.spec = spec;
        this.bucketNanos = Math.max(1, spec.windowNanos() / BUCKETS);
    }

    /** Results of one slice of the window. */
    private static final class Bucket {
        final long slot;
        final LongAdder requests = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder slow = new LongAdder();
        final LongAdder timed = new LongAdder();
        final LongAdder latencySum = new LongAdder();

        Bucket(long slot) {
            this.slot = slot;
        }
    }

    @Override public boolean admits(long now) {
        State s = state.get();
        if (s instanceof Open o) {
            return now - o.until() >= 0;
        }
        return !(s instanceof HalfOpen h) || h.issued() < spec.probes();
    }

    /** The balancer picked the peer: while half-open, this takes one of the trial slots; false when none is left. */
    boolean claim(long now) {
        while (true) {
            State s = state.get();
            State next;
            if (s instanceof Closed) {
                return true;
            } else if (s instanceof Open o) {
                if (now - o.until() < 0) {
                    return false;
                }
                next = new HalfOpen(1, 0);
            } else {
                HalfOpen h = (HalfOpen) s;
                if (h.issued() >= spec.probes()) {
                    return false;
                }
                next = new HalfOpen(h.issued() + 1, h.succeeded());
            }
            if (state.compareAndSet(s, next)) {
                return true;
            }
        }
    }

    /** One attempt's result; true when it opened the circuit. */
    boolean record(AttemptResult result, long headerNanos, long now) {
        boolean failed = result == AttemptResult.FAILED;
        boolean slow = spec.latencyNanos() > 0 && headerNanos > spec.latencyNanos();
        State s = state.get();
        if (s instanceof HalfOpen h) {
            if (failed || slow) {
                return state.compareAndSet(s, new Open(now + spec.openNanos()));
            }
            State next = h.succeeded() + 1 >= spec.probes() ? CLOSED : new HalfOpen(h.issued(), h.succeeded() + 1);
            if (state.compareAndSet(s, next) && next == CLOSED) {
                clearWindow();
            }
            return false;
        }
        if (s instanceof Open) {
            return false;
        }
        Bucket b = bucket(now);
        b.requests.increment();
        if (failed) {
            b.failures.increment();
        }
        if (headerNanos >= 0) {
            b.timed.increment();
            b.latencySum.add(headerNanos);
            if (slow) {
                b.slow.increment();
            }
        }
        // only a bad result can push the window over a threshold, so only a bad one evaluates it
        if ((failed || slow) && trips(now) && state.compareAndSet(s, new Open(now + spec.openNanos()))) {
            clearWindow();
            return true;
        }
        return false;
    }

    private boolean trips(long now) {
        long current = Math.floorDiv(now, bucketNanos);
        long requests = 0;
        long failures = 0;
        long slow = 0;
        long timed = 0;
        long latency = 0;
        for (int i = 0; i < BUCKETS; i++) {
            Bucket b = buckets.get(i);
            if (b == null || current - b.slot >= BUCKETS) {
                continue;
            }
            requests += b.requests.sum();
            failures += b.failures.sum();
            slow += b.slow.sum();
            timed += b.timed.sum();
            latency += b.latencySum.sum();
        }
        if (requests < spec.minRequests() || requests == 0) {
            return false;
        }
        if (failures * 100 >= (long) spec.errorsPercent() * requests) {
            return true;
        }
        if (spec.latencyNanos() <= 0 || timed == 0) {
            return false;
        }
        if (spec.percentile() > 0) {
            return slow * 100 > (100L - spec.percentile()) * timed;
        }
        return latency / timed > spec.latencyNanos();
    }

    private Bucket bucket(long now) {
        long slot = Math.floorDiv(now, bucketNanos);
        int i = (int) Math.floorMod(slot, BUCKETS);
        while (true) {
            Bucket b = buckets.get(i);
            if (b != null && b.slot == slot) {
                return b;
            }
            Bucket fresh = new Bucket(slot);
            if (buckets.compareAndSet(i, b, fresh)) {
                return fresh;
            }
        }
    }

    private void clearWindow() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets.set(i, null);
        }
    }

    /** For tests and status: "closed", "open" or "half-open". */
    String stateName() {
        State s = state.get();
        return s instanceof Closed ? "closed" : s instanceof Open ? "open" : "half-open";
    }
}
