package dev.pier.upstream;

/**
 * Something besides {@code max_fails}/{@code fail_timeout} that decides whether a peer takes requests: an active
 * health check. Asked by the balancers on every pick, from any event loop, so it answers from state it keeps
 * safe for concurrent reads.
 */
public interface PeerGuard {
    /** False while the guard keeps the peer out of rotation (failed its checks, or not yet passed the first one). */
    boolean admits(long nowNanos);

    /** The share of its weight the peer gets now, 0..1: below 1 while it ramps up after recovering ({@code slow_start}). */
    default double weightShare(long nowNanos) { return 1; }
}
