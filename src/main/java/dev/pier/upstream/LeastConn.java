package dev.pier.upstream;

/**
 * {@code least_conn} (ngx_http_upstream_get_least_conn_peer): the peer with the fewest active connections
 * relative to its weight ({@code conns/weight}); among several equal ones, smooth weighted round robin. The
 * connection counts are shared by every event loop.
 */
final class LeastConn implements Balancer {
    static final LeastConn INSTANCE = new LeastConn();

    private LeastConn() { }

    @Override public Peer get(Attempts a, long now) {
        PeerTier tier = a.tier;
        Peer[] peers = tier.peers;
        // one snapshot of the counts and weights, so both passes compare the same numbers (nginx holds a lock)
        long[] conns = new long[peers.length];
        long[] weights = new long[peers.length];
        int best = -1;
        boolean many = false;
        for (int i = 0; i < peers.length; i++) {
            Peer peer = peers[i];
            if (a.tried(i) || !peer.usable(now)) {
                conns[i] = -1;
                continue;
            }
            conns[i] = peer.conns();
            weights[i] = PeerTier.scaled(peer.weight, peer.share(now));
            if (best < 0 || conns[i] * weights[best] < conns[best] * weights[i]) {
                best = i;
                many = false;
            } else if (conns[i] * weights[best] == conns[best] * weights[i]) {
                many = true;
            }
        }
        if (best < 0) {
            if (tier.backup != null) {
                a.toBackup();
                return get(a, now);
            }
            return null;
        }
        if (many) {
            PeerTier.SmoothWeights w = tier.weights();
            long total = 0;
            int first = best;
            for (int i = first; i < peers.length; i++) {
                if (conns[i] < 0 || conns[i] * weights[best] != conns[best] * weights[i]) {
                    continue;
                }
                long effective = PeerTier.scaled(w.effective[i], peers[i].share(now));
                w.current[i] += effective;
                total += effective;
                if (w.effective[i] < peers[i].weight) {
                    w.effective[i]++;
                }
                if (w.current[i] > w.current[best]) {
                    best = i;
                }
            }
            w.current[best] -= total;
        }
        a.markTried(best);
        peers[best].touchChecked(now);
        return peers[best];
    }
}
