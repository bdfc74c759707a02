package dev.pier.upstream.health;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.upstream.PeerGuard;
import dev.pier.upstream.UpstreamPeer;

/**
 * What one health check knows of one peer, and the guard that keeps the peer out of rotation while the check
 * says so. Probe results arrive on one event loop ({@link #record}); the balancers read {@link #admits} and
 * {@link #weightShare} from any loop, so the fields they read are volatile.
 *
 * <p>As nginx Plus: {@code fails} consecutive failed probes make a healthy peer unhealthy, {@code passes}
 * consecutive passed probes make an unhealthy peer healthy; a peer of a {@code mandatory} check starts in
 * "checking" and its first result decides. A peer that turns healthy ramps its weight up over its
 * {@code slow_start} time.
 */
public final class PeerHealth implements PeerGuard {
    /** nginx Plus's peer states as far as active checks go. */
    public enum State { CHECKING, HEALTHY, UNHEALTHY }

    /** The smallest weight share a ramping peer gets, so a balancer still gives it a first request. */
    static final double MIN_SHARE = 0.01;

    private final HealthCheck check;
    private final UpstreamPeer peer;
    private volatile State state;
    private volatile int consecutiveFails;
    private volatile int consecutivePasses;
    private volatile long checks;
    private volatile long failedChecks;
    private volatile long unhealthy;
    private volatile long lastCheckMillis;
    private volatile String lastError;
    /** When the peer last turned healthy, and the ramp that started then (0: none). */
    private volatile long healthySinceNanos;
    private volatile long rampNanos;

    PeerHealth(HealthCheck check, UpstreamPeer peer) {
        this.check = check;
        this.peer = peer;
        this.state = check.spec().mandatory() ? State.CHECKING : State.HEALTHY;
    }

    public UpstreamPeer peer() { return peer; }

    public State state() { return state; }

    @Override public boolean admits(long nowNanos) { return state == State.HEALTHY; }

    @Override public double weightShare(long nowNanos) {
        long ramp = rampNanos;
        if (ramp == 0) {
            return 1;
        }
        long elapsed = nowNanos - healthySinceNanos;
        if (elapsed >= ramp) {
            return 1;
        }
        return Math.max(MIN_SHARE, (double) elapsed / ramp);
    }

    /**
     * Takes a probe's result (on the peer's event loop) and moves the state as the counts say. The last error
     * is published before the state and the state before the counters, so a reader that sees a new state sees
     * its cause, and never sees a peer still in its old state with a count that should have moved it.
     */
    void record(ProbeResult r, long nowNanos) {
        boolean passed = r.passed();
        int fails = passed ? 0 : consecutiveFails + 1;
        int passes = passed ? consecutivePasses + 1 : 0;
        State before = state;
        State after = before;
        if (passed && (before == State.CHECKING || before == State.UNHEALTHY && passes >= check.spec().passes())) {
            after = State.HEALTHY;
            long slowStart = peer.slowStartMillis();
            // the start first: a balancer reading the new ramp must not pair it with the old start
            healthySinceNanos = nowNanos;
            // nginx Plus ignores slow_start when the group has a single server
            rampNanos = slowStart > 0 && check.upstream().peers().size() > 1 ? slowStart * 1_000_000 : 0;
        } else if (!passed && (before == State.CHECKING || before == State.HEALTHY && fails >= check.spec().fails())) {
            after = State.UNHEALTHY;
            rampNanos = 0;
            unhealthy++;
        }
        lastCheckMillis = System.currentTimeMillis();
        lastError = r.describe();
        state = after;
        consecutiveFails = fails;
        consecutivePasses = passes;
        checks++;
        if (!passed) {
            failedChecks++;
        }
        if (r.error() != null) {
            ErrorLog.log(LogLevel.ERROR, r.error() + " while " + r.phase() + ", " + check.describe(peer));
        }
        if (after != before && after == State.HEALTHY) {
            ErrorLog.log(LogLevel.NOTICE, "peer is healthy while " + r.phase() + ", " + check.describe(peer));
        } else if (after != before) {
            ErrorLog.log(LogLevel.WARN, "peer is unhealthy while " + r.phase() + ", " + check.describe(peer));
        }
    }

    /** Carries a healthy state over a reload ({@code mandatory persistent}). */
    void assumeHealthy() {
        state = State.HEALTHY;
    }

    public PeerStatus status() {
        return new PeerStatus(check.upstream().name(), peer.name(), check.match().name(), check.spec().uri(), state,
                consecutiveFails, consecutivePasses, checks, failedChecks, unhealthy, lastCheckMillis, lastError,
                state == State.HEALTHY ? weightShare(System.nanoTime()) : 0);
    }
}
