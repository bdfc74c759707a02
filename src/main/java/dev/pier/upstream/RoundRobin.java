package dev.pier.upstream;

/**
 * nginx's default method, smooth weighted round robin (ngx_http_upstream_get_round_robin_peer and
 * ngx_http_upstream_get_peer): each pick adds every usable peer's effective weight to its current weight, takes
 * the peer with the highest current weight and subtracts the total from it. Weights 5,1,1 give a a b a c a a.
 * A failure lowers the peer's effective weight by weight/max_fails; each pick raises it by one again.
 */
final class RoundRobin implements Balancer {
    static final RoundRobin INSTANCE = new RoundRobin();

    private RoundRobin() { }

    @Override public Peer get(Attempts a, long now) {
        PeerTier tier = a.tier;
        Peer peer;
        if (tier.single) {
            // nginx checks only down and max_conns for a group of one; Pier also its guards
            peer = tier.peers[0];
            if (a.tried(0) || peer.down || peer.full() || !peer.admitted(now)) {
                peer = null;
            } else {
                a.markTried(0);
            }
        } else {
            peer = pick(a, tier, now);
        }
        if (peer != null) {
            return peer;
        }
        if (tier.backup != null) {
            a.toBackup();
            return get(a, now);
        }
        return null;
    }

    /** ngx_http_upstream_get_peer: the smooth weighted choice among the tier's usable, untried peers. */
    static Peer pick(Attempts a, PeerTier tier, long now) {
        PeerTier.SmoothWeights w = tier.weights();
        Peer[] peers = tier.peers;
        int best = -1;
        long total = 0;
        for (int i = 0; i < peers.length; i++) {
            Peer peer = peers[i];
            if (a.tried(i) || !peer.usable(now)) {
                continue;
            }
            long effective = PeerTier.scaled(w.effective[i], peer.share(now));
            w.current[i] += effective;
            total += effective;
            if (w.effective[i] < peer.weight) {
                w.effective[i]++;
            }
            if (best < 0 || w.current[i] > w.current[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        a.markTried(best);
        w.current[best] -= total;
        peers[best].touchChecked(now);
        return peers[best];
    }
}
