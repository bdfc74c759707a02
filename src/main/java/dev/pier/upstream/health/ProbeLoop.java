package dev.pier.upstream.health;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The probes of one peer by one check, one at a time on one event loop: a probe, its result, a pause of
 * {@code interval} (plus up to {@code jitter}), the next probe. Its scheduling state is the loop's alone;
 * {@link #stop} hands the loop a task that cancels the next probe and closes the one under way.
 */
final class ProbeLoop {
    /** A probe never waits longer than this, whatever the interval (nginx Plus uses the proxy's 60s timeouts). */
    static final long MAX_TIMEOUT_MILLIS = 60_000;
    /** Nor less: a short interval must not turn a loaded but healthy peer into a timed-out one. */
    static final long MIN_TIMEOUT_MILLIS = 2_000;

    private final HealthCheck check;
    private final PeerHealth health;
    private final EventLoop loop;
    private final SocketAddress address;
    private volatile boolean stopped;
    private ScheduledFuture<?> next;
    private Channel inFlight;

    ProbeLoop(HealthCheck check, PeerHealth health, EventLoop loop) {
        this.check = check;
        this.health = health;
        this.loop = loop;
        SocketAddress a = health.peer().address();
        int port = check.spec().port();
        this.address = port > 0 && a instanceof InetSocketAddress inet ? new InetSocketAddress(inet.getAddress(), port) : a;
    }

    /** The first probe goes out at once (after its jitter), so a mandatory peer is not held back an interval. */
    void start() {
        loop.execute(() -> schedule(jitter()));
    }

    private long jitter() {
        long j = check.spec().jitterMillis();
        return j > 0 ? ThreadLocalRandom.current().nextLong(j + 1) : 0;
    }

    private void schedule(long delayMillis) {
        if (!stopped) {
            next = loop.schedule(this::probe, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void probe() {
        next = null;
        if (stopped) {
            return;
        }
        long timeout = Math.max(MIN_TIMEOUT_MILLIS, Math.min(MAX_TIMEOUT_MILLIS, check.spec().intervalMillis()));
        inFlight = Probe.start(loop, address, check.spec().uri(), check.upstream().name(), check.match(), timeout, this::done);
    }

    private void done(ProbeResult result) {
        inFlight = null;
        if (stopped) {
            return;   // a probe cut short by stop() says nothing about the peer
        }
        health.record(result, System.nanoTime());
        schedule(check.spec().intervalMillis() + jitter());
    }

    /** Stops probing; the returned future completes once the loop has cancelled and closed what was under way. */
    Future<?> stop() {
        stopped = true;
        if (loop.inEventLoop()) {
            halt();
            return loop.newSucceededFuture(null);
        }
        return loop.submit(this::halt);
    }

    private void halt() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        if (inFlight != null) {
            inFlight.close();
        }
    }
}
