package dev.pier.upstream;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * {@code ip_hash} (ngx_http_upstream_get_ip_hash_peer): the client's address picks the peer, the first three
 * octets of an IPv4 address (a /24 sticks together) or all sixteen of IPv6; {@code hash = (hash * 113 + octet) % 6271}
 * from 89, weighted by walking the configured weights. A peer that cannot take the request makes the hash go on
 * from where it stopped; after 20 such tries, or with a single peer, round robin decides.
 */
final class IpHash implements Balancer {
    static final IpHash INSTANCE = new IpHash();
    /** What nginx hashes for a unix-socket client: three zero octets. */
    private static final byte[] PSEUDO = new byte[3];

    private IpHash() { }

    @Override public boolean usesClientAddress() { return true; }

    /** The octets ip_hash uses of a client address. */
    static byte[] octets(java.net.SocketAddress client) {
        if (client instanceof InetSocketAddress sa && sa.getAddress() != null) {
            byte[] a = sa.getAddress().getAddress();
            return sa.getAddress() instanceof Inet4Address ? java.util.Arrays.copyOf(a, 3) : a;
        }
        return PSEUDO;
    }

    @Override public void init(Attempts a) {
        a.hash = 89;
    }

    @Override public Peer get(Attempts a, long now) {
        PeerTier tier = a.tier;
        if (a.hashTries > 20 || tier.single) {
            return RoundRobin.INSTANCE.get(a, now);
        }
        long hash = a.hash;
        byte[] address = a.address == null ? PSEUDO : a.address;
        while (true) {
            for (byte b : address) {
                hash = (hash * 113 + (b & 0xff)) % 6271;
            }
            int p = KeyHash.byWeight(tier, hash % tier.totalWeight);
            Peer peer = tier.peers[p];
            if (!a.tried(p) && peer.usable(now)) {
                a.markTried(p);
                peer.touchChecked(now);
                a.hash = hash;
                return peer;
            }
            if (++a.hashTries > 20) {
                return RoundRobin.INSTANCE.get(a, now);
            }
        }
    }
}
