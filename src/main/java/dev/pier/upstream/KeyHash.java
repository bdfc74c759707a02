package dev.pier.upstream;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * {@code hash key} without {@code consistent} (ngx_http_upstream_get_hash_peer): the peer is
 * {@code ((crc32([rehash] key) >> 16) & 0x7fff) + previous} modulo the total weight, walked by weight, as
 * Cache::Memcached does; a peer that cannot take the request makes it rehash with the try number prefixed. After
 * 20 tries, with a single peer, or with an empty key, round robin decides.
 */
final class KeyHash implements Balancer {
    static final KeyHash INSTANCE = new KeyHash();

    private KeyHash() { }

    @Override public Peer get(Attempts a, long now) {
        PeerTier tier = a.tier;
        if (a.hashTries > 20 || tier.single || a.key == null || a.key.length == 0) {
            return RoundRobin.INSTANCE.get(a, now);
        }
        while (true) {
            CRC32 crc = new CRC32();
            if (a.rehash > 0) {
                crc.update(Integer.toString(a.rehash).getBytes(StandardCharsets.US_ASCII));
            }
            crc.update(a.key);
            long hash = (crc.getValue() >>> 16) & 0x7fff;
            a.hash = (a.hash + hash) & 0xffffffffL;
            a.rehash++;
            int p = byWeight(tier, a.hash % tier.totalWeight);
            Peer peer = tier.peers[p];
            if (!a.tried(p) && peer.usable(now)) {
                a.markTried(p);
                peer.touchChecked(now);
                return peer;
            }
            if (++a.hashTries > 20) {
                return RoundRobin.INSTANCE.get(a, now);
            }
        }
    }

    /** The peer whose share of the configured weights holds {@code w} (nginx's while (w >= peer->weight) walk). */
    static int byWeight(PeerTier tier, long w) {
        int p = 0;
        while (w >= tier.peers[p].weight) {
            w -= tier.peers[p].weight;
            p++;
        }
        return p;
    }
}
