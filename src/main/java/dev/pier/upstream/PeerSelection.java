package dev.pier.upstream;

/**
 * The choice of peers for one request and its retries (nginx's peer data of a request): {@link #next} gives
 * the peer to try, {@link #done} reports how that attempt went before the next one is asked for. Used on one
 * event loop only.
 */
public interface PeerSelection {
    /**
     * The next peer to try, never one tried already for this request; null when none is left (nginx's
     * "no live upstreams": every peer is down, failed or at max_conns).
     */
    UpstreamPeer next();

    /**
     * Ends the attempt with {@code peer} (exactly once per peer {@link #next} returned): its result for the
     * passive health counters, and its timings for latency-aware balancing (-1 when the attempt did not get
     * that far).
     *
     * @param headerNanos from the connect start to the response head, or -1
     * @param responseNanos from the connect start to the response's last byte, or -1
     */
    void done(UpstreamPeer peer, AttemptResult result, long headerNanos, long responseNanos);

    /** How many attempts the request may make when {@code proxy_next_upstream_tries} is 0: nginx's number of peers. */
    int tries();
}
