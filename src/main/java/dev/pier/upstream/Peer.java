package dev.pier.upstream;

import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One address of an upstream group with what nginx keeps about it (ngx_http_upstream_rr_peer_t): its
 * configuration, and the state every event loop shares: active connections ({@code max_conns}), the passive
 * health counters ({@code max_fails}/{@code fail_timeout}), the guards (active checks, circuit breaker).
 *
 * <p>The counters are shared, as nginx shares them between workers with a {@code zone}: a peer that failed on one
 * event loop is out for all of them. They are plain volatiles and atomics, without a lock: two loops may race on a
 * failure count by one, which nginx without a zone (a count per worker) tolerates far more. Times are
 * {@link System#nanoTime} values; nginx compares seconds, Pier nanoseconds.
 */
final class Peer implements UpstreamPeer {
    private static final PeerGuard[] NO_GUARDS = new PeerGuard[0];

    private final SocketAddress address;
    private final String name;
    /** The {@code server} line's address text: what {@code hash ... consistent} puts on its ring. */
    final String server;
    final int weight;
    final int maxFails;
    final long failTimeoutNanos;
    final int maxConns;
    final boolean down;
    /** A {@code backup} server: in the backup tier, used when no primary peer is usable. */
    final boolean backupTier;
    final long slowStartMillis;
    /** Where the peer sits: its tier (primary or backup) and index there, for the tried bits and the weights. */
    PeerTier tier;
    int index;
    /** For {@code hash ... consistent}: which server line (ring owner) the peer came from. */
    int serverIndex = -1;

    private final AtomicInteger conns = new AtomicInteger();
    private final AtomicInteger fails = new AtomicInteger();
    /** nginx's peer->accessed: when the last failure happened. */
    private volatile long accessed;
    /** nginx's peer->checked: when the peer was last failed or picked after a fail_timeout had passed. */
    private volatile long checked;
    private volatile PeerGuard[] guards = NO_GUARDS;
    /** Pier's circuit breaker, or null when the group has none. */
    final CircuitBreaker breaker;
    /** Response times for {@code least_time}, or null for the other balancers. */
    final ResponseTimes times;

    Peer(UpstreamAddress.Resolved address, ServerSpec spec, long createdNanos, CircuitBreaker breaker, ResponseTimes times) {
        this.address = address.address();
        this.name = address.name();
        this.server = spec.address();
        this.weight = spec.weight();
        this.maxFails = spec.maxFails();
        this.failTimeoutNanos = spec.failTimeoutSeconds() * 1_000_000_000L;
        this.maxConns = spec.maxConns();
        this.down = spec.down();
        this.backupTier = spec.backup();
        this.slowStartMillis = spec.slowStartMillis();
        this.breaker = breaker;
        this.times = times;
        // nginx starts both at 0, long before "now"; a fail_timeout has always passed since
        this.accessed = createdNanos - (1L << 60);
        this.checked = this.accessed;
    }

    @Override public SocketAddress address() { return address; }

    @Override public String name() { return name; }

    @Override public long slowStartMillis() { return slowStartMillis; }

    @Override public void guard(PeerGuard guard) {
        java.util.Objects.requireNonNull(guard, "guard");
        synchronized (this) {
            PeerGuard[] g = Arrays.copyOf(guards, guards.length + 1);
            g[g.length - 1] = guard;
            guards = g;
        }
    }

    /** Whether the balancers may pick the peer now: nginx's checks in their order, then the guards. */
    boolean usable(long now) {
        return !down && !failedRecently(now) && !full() && admitted(now);
    }

    /** max_fails reached within fail_timeout of the last failure or trial (nginx's "temporarily disabled"). */
    boolean failedRecently(long now) {
        return maxFails != 0 && fails.get() >= maxFails && now - checked <= failTimeoutNanos;
    }

    boolean full() { return maxConns != 0 && conns.get() >= maxConns; }

    /** The guards and the circuit breaker all let the peer take requests. */
    boolean admitted(long now) {
        for (PeerGuard g : guards) {
            if (!g.admits(now)) {
                return false;
            }
        }
        return breaker == null || breaker.admits(now);
    }

    /** The product of the guards' weight shares (1 without guards). */
    double share(long now) {
        PeerGuard[] g = guards;
        if (g.length == 0) {
            return 1;
        }
        double s = 1;
        for (PeerGuard guard : g) {
            s *= Math.min(1, Math.max(0, guard.weightShare(now)));
        }
        return s;
    }

    int conns() { return conns.get(); }

    /**
     * Takes a connection slot once a balancer chose the peer (nginx's peer->conns++), keeping max_conns exact
     * across event loops, and a trial slot of a half-open circuit; false when another loop took the last one.
     */
    boolean claim(long now) {
        if (maxConns == 0) {
            conns.incrementAndGet();
        } else {
            int c;
            do {
                c = conns.get();
                if (c >= maxConns) {
                    return false;
                }
            } while (!conns.compareAndSet(c, c + 1));
        }
        if (breaker != null && !breaker.claim(now)) {
            conns.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() { conns.decrementAndGet(); }

    /** After a pick: a peer picked once fail_timeout has passed starts a new period (nginx's peer->checked = now). */
    void touchChecked(long now) {
        if (now - checked > failTimeoutNanos) {
            checked = now;
        }
    }

    /** A FAILED attempt: returns the failure count now. */
    int failed(long now) {
        int f = fails.incrementAndGet();
        accessed = now;
        checked = now;
        return f;
    }

    /** A good attempt clears the failures if the peer was picked after its last failure's period (nginx's accessed < checked). */
    void succeeded() {
        if (accessed - checked < 0 && fails.get() != 0) {
            fails.set(0);
        }
    }

    int fails() { return fails.get(); }

    @Override public String toString() { return name; }
}
