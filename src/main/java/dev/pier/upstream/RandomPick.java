package dev.pier.upstream;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code random [two [least_conn]]} (ngx_http_upstream_random_module): a peer drawn with probability proportional
 * to its weight; with {@code two}, two distinct usable peers are drawn and the one with fewer connections
 * relative to its weight wins (least_conn is the only method, so {@code two} alone means it too). After 20
 * unlucky draws, or with a single peer, round robin decides.
 */
final class RandomPick implements Balancer {
    static final RandomPick ONE = new RandomPick(false);
    static final RandomPick TWO = new RandomPick(true);

    private final boolean two;

    private RandomPick(boolean two) {
        this.two = two;
    }

    @Override public Peer get(Attempts a, long now) {
        PeerTier tier = a.tier;
        if (a.hashTries > 20 || tier.single) {
            return RoundRobin.INSTANCE.get(a, now);
        }
        int prev = -1;
        while (true) {
            int i = peek(tier);
            Peer peer = tier.peers[i];
            if (i != prev && !a.tried(i) && peer.usable(now)) {
                if (!two) {
                    return take(a, peer, now);
                }
                if (prev >= 0) {
                    Peer other = tier.peers[prev];
                    // ngx_http_upstream_get_random2_peer: the first drawn loses only if it has more conns per weight
                    if ((long) peer.conns() * other.weight > (long) other.conns() * peer.weight) {
                        peer = other;
                    }
                    return take(a, peer, now);
                }
                prev = i;
            }
            if (++a.hashTries > 20) {
                return RoundRobin.INSTANCE.get(a, now);
            }
        }
    }

    private static Peer take(Attempts a, Peer peer, long now) {
        a.markTried(peer.index);
        peer.touchChecked(now);
        return peer;
    }

    /** ngx_http_upstream_peek_random_peer: x uniform below the total weight, found among the cumulative ranges. */
    static int peek(PeerTier tier) {
        long x = ThreadLocalRandom.current().nextLong(tier.totalWeight);
        int i = 0;
        int j = tier.ranges.length;
        while (j - i > 1) {
            int k = (i + j) >>> 1;
            if (x < tier.ranges[k - 1]) {
                j = k;
            } else {
                i = k;
            }
        }
        return i;
    }
}
