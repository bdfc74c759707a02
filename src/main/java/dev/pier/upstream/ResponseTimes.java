package dev.pier.upstream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A peer's response time for {@code least_time}: an exponentially weighted moving average of the timings the proxy
 * reports, each new sample weighing {@link #ALPHA} ({@code avg += 0.2 * (sample - avg)}), so roughly the last five
 * responses count. An average that stops getting samples fades toward zero with a time constant of {@link #IDLE_DECAY_NANOS}
 * (10 s): a peer left alone because it was slow is tried again after a while instead of never.
 *
 * <p>With {@code inflight}, the requests still running on the peer count too: the estimate is at least their mean
 * age, so a peer that stopped answering stops looking fast before its first timeout is reported.
 *
 * <p>Lock-free: the average is a CAS-updated double; a sample lost to a race changes nothing noticeable.
 */
final class ResponseTimes {
    static final double ALPHA = 0.2;
    static final double IDLE_DECAY_NANOS = 10e9;

    /** Double bits of the average in nanoseconds; NaN until the first sample. */
    private final AtomicLong average = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));
    private volatile long lastSample;
    /** Sum of the start times of the requests running on the peer, for {@code inflight}. */
    private final AtomicLong inflightStarts = new AtomicLong();

    void sample(long nanos, long now) {
        if (nanos < 0) {
            return;
        }
        long bits;
        long next;
        do {
            bits = average.get();
            double avg = Double.longBitsToDouble(bits);
            double updated = Double.isNaN(avg) ? nanos : avg + ALPHA * (nanos - avg);
            next = Double.doubleToRawLongBits(updated);
        } while (!average.compareAndSet(bits, next));
        lastSample = now;
    }

    void started(long now) { inflightStarts.addAndGet(now); }

    void ended(long startedAt) { inflightStarts.addAndGet(-startedAt); }

    /** The estimate in nanoseconds now: 0 before any sample, so a new peer is tried first. */
    double estimate(long now, boolean inflight, int running) {
        double avg = Double.longBitsToDouble(average.get());
        double t = 0;
        if (!Double.isNaN(avg)) {
            long idle = now - lastSample;
            t = idle <= 0 ? avg : avg * Math.exp(-idle / IDLE_DECAY_NANOS);
        }
        if (inflight && running > 0) {
            // modular long arithmetic: the sum of start times may wrap, the difference does not
            double meanAge = (double) (running * now - inflightStarts.get()) / running;
            t = Math.max(t, meanAge);
        }
        return t;
    }
}
