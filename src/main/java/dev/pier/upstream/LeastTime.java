package dev.pier.upstream;

/**
 * {@code least_time header | last_byte [inflight]}, named as nginx Plus names it: the peer whose expected time is
 * lowest, the expected time being its response-time average ({@link ResponseTimes}) times one plus its active
 * connections, so a fast peer that is already busy yields to a slower idle one. Peers within 1/8 of the best
 * count as equally fast and share the requests by weight with smooth weighted round robin, as least_conn's ties;
 * a peer without a measurement yet counts as fastest, so new peers are tried at once. {@code header} averages
 * the time to the response head, {@code last_byte} to its end.
 */
final class LeastTime implements Balancer {
    private final boolean inflight;

    LeastTime(boolean inflight) {
        this.inflight = inflight;
    }

    @Override public Peer get(Attempts a, long now) {
        PeerTier tier = a.tier;
        Peer[] peers = tier.peers;
        double[] cost = new double[peers.length];
        double min = Double.MAX_VALUE;
        for (int i = 0; i < peers.length; i++) {
            Peer peer = peers[i];
            if (a.tried(i) || !peer.usable(now)) {
                cost[i] = -1;
                continue;
            }
            int running = peer.conns();
            cost[i] = peer.times.estimate(now, inflight, running) * (running + 1);
            min = Math.min(min, cost[i]);
        }
        if (min == Double.MAX_VALUE) {
            if (tier.backup != null) {
                a.toBackup();
                return get(a, now);
            }
            return null;
        }
        double limit = min + min / 8;
        PeerTier.SmoothWeights w = tier.weights();
        int best = -1;
        long total = 0;
        for (int i = 0; i < peers.length; i++) {
            if (cost[i] < 0 || cost[i] > limit) {
                continue;
            }
            long effective = PeerTier.scaled(w.effective[i], peers[i].share(now));
            w.current[i] += effective;
            total += effective;
            if (w.effective[i] < peers[i].weight) {
                w.effective[i]++;
            }
            if (best < 0 || w.current[i] > w.current[best]) {
                best = i;
            }
        }
        w.current[best] -= total;
        a.markTried(best);
        peers[best].touchChecked(now);
        return peers[best];
    }
}
