package dev.pier.upstream;

/**
 * The primary peers of a group or its backups (nginx's ngx_http_upstream_rr_peers_t, {@code next} pointing from
 * the primaries to the backups), with the totals the balancers need.
 *
 * <p>The smooth weighted round robin state (current and effective weights) is kept per thread, that is per event
 * loop, as nginx keeps it per worker without a {@code zone}: the algorithm updates every peer's weight on each
 * pick, which shared between loops would need a lock on the hot path; per loop it needs none, each loop runs
 * nginx's exact sequence, and the loops together still send each peer its weight's share.
 */
final class PeerTier {
    final Peer[] peers;
    /** Sum of the configured weights (down peers included), as nginx's total_weight. */
    final int totalWeight;
    /** Peers not marked down: nginx's peers->tries. */
    final int tries;
    /** One primary peer and no backups: nginx then skips max_fails entirely (peers->single). */
    final boolean single;
    final PeerTier backup;
    /** Cumulative weights, for {@code random}'s binary search (nginx's ranges). */
    final long[] ranges;
    private final ThreadLocal<SmoothWeights> weights;

    PeerTier(Peer[] peers, PeerTier backup) {
        this.peers = peers;
        this.backup = backup;
        int total = 0;
        int live = 0;
        ranges = new long[peers.length];
        for (int i = 0; i < peers.length; i++) {
            Peer p = peers[i];
            p.tier = this;
            p.index = i;
            total += p.weight;
            ranges[i] = total;
            if (!p.down) {
                live++;
            }
        }
        this.totalWeight = total;
        this.tries = live;
        this.single = peers.length == 1 && backup == null;
        this.weights = ThreadLocal.withInitial(() -> new SmoothWeights(peers));
    }

    /** This event loop's current and effective weights. */
    SmoothWeights weights() { return weights.get(); }

    /** Weights are kept in 1/SCALE units so a guard's share (slow start) can lower a weight below 1. */
    static final long SCALE = 1000;

    /** The weight {@code weight} counts for now, scaled by the peer's guards' share. */
    static long scaled(long weight, double share) {
        return share >= 1 ? weight * SCALE : Math.round(weight * share * SCALE);
    }

    /** nginx's current_weight and effective_weight for one event loop. */
    static final class SmoothWeights {
        /** In 1/SCALE units. */
        final long[] current;
        /** In weight units: lowered by weight/max_fails on each failure, back up by one per pick. */
        final int[] effective;

        SmoothWeights(Peer[] peers) {
            current = new long[peers.length];
            effective = new int[peers.length];
            for (int i = 0; i < peers.length; i++) {
                effective[i] = peers[i].weight;
            }
        }
    }
}
