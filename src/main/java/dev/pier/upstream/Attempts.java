package dev.pier.upstream;

import dev.pier.core.LogLevel;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;

/**
 * The peers tried for one request (nginx's ngx_http_upstream_rr_peer_data_t with the hash modules' additions):
 * the tier it is on, which peers it tried, and the balancers' per-request values. {@link #done} is nginx's
 * ngx_http_upstream_free_round_robin_peer, which every nginx balancer shares.
 */
final class Attempts implements PeerSelection {
    private final UpstreamGroup group;
    private final HttpExchange exchange;
    PeerTier tier;
    private long[] tried;
    /** ip_hash: the client address bytes hashed (3 for IPv4, 16 for IPv6). */
    final byte[] address;
    /** hash: the rendered key, as bytes. */
    final byte[] key;
    /** The hash balancers' running hash, rehash count and tries (nginx's hp->hash, hp->rehash, hp->tries). */
    long hash;
    int rehash;
    int hashTries;
    private Peer current;
    private long startedAt;

    Attempts(UpstreamGroup group, HttpExchange exchange, byte[] address, byte[] key) {
        this.group = group;
        this.exchange = exchange;
        this.address = address;
        this.key = key;
        this.tier = group.primary;
        this.tried = new long[(tier.peers.length + 63) >>> 6];
    }

    boolean tried(int i) { return (tried[i >>> 6] & (1L << i)) != 0; }

    void markTried(int i) { tried[i >>> 6] |= 1L << i; }

    /** Moves the request to the backup tier for good, with nothing tried there yet (nginx's "backup servers"). */
    void toBackup() {
        tier = tier.backup;
        tried = new long[(tier.peers.length + 63) >>> 6];
    }

    @Override public UpstreamPeer next() {
        if (current != null) {
            throw new IllegalStateException("done() was not called for " + current);
        }
        long now = group.clock.getAsLong();
        while (true) {
            Peer p = group.balancer.get(this, now);
            if (p == null) {
                return null;
            }
            // a peer another event loop filled meanwhile stays marked tried: the balancer picks again
            if (p.claim(now)) {
                current = p;
                startedAt = now;
                if (p.times != null) {
                    p.times.started(now);
                }
                return p;
            }
        }
    }

    @Override public void done(UpstreamPeer upstreamPeer, AttemptResult result, long headerNanos, long responseNanos) {
        Peer peer = (Peer) upstreamPeer;
        if (peer != current) {
            throw new IllegalStateException(peer + " is not the peer being tried");
        }
        current = null;
        long now = group.clock.getAsLong();
        peer.release();
        if (peer.times != null) {
            peer.times.ended(startedAt);
            peer.times.sample(group.lastByte ? responseNanos : headerNanos, now);
        }
        if (peer.breaker != null && peer.breaker.record(result, headerNanos, now) && exchange != null) {
            RequestLog.log(LogLevel.WARN, exchange, "upstream server circuit breaker opened for " + peer.name());
        }
        if (peer.tier.single) {
            // nginx keeps no failure count for a group of one: it is always tried
            return;
        }
        if (result == AttemptResult.FAILED) {
            int fails = peer.failed(now);
            PeerTier.SmoothWeights w = peer.tier.weights();
            if (peer.maxFails != 0) {
                w.effective[peer.index] -= peer.weight / peer.maxFails;
                if (fails >= peer.maxFails && exchange != null) {
                    RequestLog.log(LogLevel.WARN, exchange, "upstream server temporarily disabled");
                }
            }
            if (w.effective[peer.index] < 0) {
                w.effective[peer.index] = 0;
            }
        } else {
            peer.succeeded();
        }
    }

    @Override public int tries() { return group.tries; }
}
