package dev.pier.upstream;

/**
 * A load-balancing method: nginx's peer.get for one request. It picks from the request's current tier a peer not
 * tried yet and usable now, marks it tried, and returns it, or returns null when none is left (nginx's
 * NGX_BUSY). The balancers that support {@code backup} move the request to the backup tier first.
 */
interface Balancer {
    /** nginx's peer.init: prepares the per-request state (the consistent-hash point of the key). */
    default void init(Attempts attempts) { }

    Peer get(Attempts attempts, long now);

    /** Whether {@code select} must hand the client address to this balancer (ip_hash). */
    default boolean usesClientAddress() { return false; }
}
