package dev.pier.upstream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * {@code hash key consistent}: a ketama ring as nginx builds it (ngx_http_upstream_init_chash), 160 points per
 * weight unit for each {@code server} line, point j being {@code crc32(host "\0" port prev_hash)} with prev_hash the
 * previous point's value as four little-endian bytes (0 for the first), as Cache::Memcached::Fast does; sorted,
 * duplicates dropped. A request takes the first point at or after {@code crc32(key)}; the point's server line
 * owns it, and among that line's usable peers (a name that resolved to several addresses) smooth weighted round
 * robin chooses. An unusable owner moves the request to the next point; after 20, round robin decides. Adding or
 * removing a server moves only the keys of its own points: about 1/N of them.
 */
final class ConsistentHash implements Balancer {
    private final int[] points;
    private final int[] owners;

    /** {@code servers}: the primary server lines' address texts and weights, in block order (peers' serverIndex). */
    ConsistentHash(List<String> servers, List<Integer> weights) {
        int total = 0;
        for (int w : weights) {
            total += w * 160;
        }
        long[] all = new long[total];
        int n = 0;
        for (int s = 0; s < servers.size(); s++) {
            byte[] base = base(servers.get(s));
            ByteBuffer prev = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            int hash = 0;
            for (int j = 0; j < weights.get(s) * 160; j++) {
                CRC32 crc = new CRC32();
                crc.update(base);
                prev.putInt(0, hash);
                crc.update(prev.array());
                hash = (int) crc.getValue();
                // sort by the unsigned hash; the owner rides in the low bits
                all[n++] = (Integer.toUnsignedLong(hash) << 20) | s;
            }
        }
        Arrays.sort(all, 0, n);
        int[] p = new int[n];
        int[] o = new int[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            int h = (int) (all[i] >>> 20);
            if (kept > 0 && p[kept - 1] == h) {
                continue;
            }
            p[kept] = h;
            o[kept] = (int) (all[i] & 0xfffff);
            kept++;
        }
        this.points = Arrays.copyOf(p, kept);
        this.owners = Arrays.copyOf(o, kept);
    }

    /** host "\0" port of a server line; a unix: path has no port, a name without one neither. */
    private static byte[] base(String server) {
        String host;
        String port = "";
        if (server.length() >= 5 && server.regionMatches(true, 0, "unix:", 0, 5)) {
            host = server.substring(5);
        } else {
            int j = server.length();
            while (j > 0 && server.charAt(j - 1) >= '0' && server.charAt(j - 1) <= '9') {
                j--;
            }
            if (j > 0 && server.charAt(j - 1) == ':') {
                host = server.substring(0, j - 1);
                port = server.substring(j);
            } else {
                host = server;
            }
        }
        return (host + "\0" + port).getBytes(StandardCharsets.ISO_8859_1);
    }

    int size() { return points.length; }

    /** The index of the first point at or after {@code hash} (ngx_http_upstream_find_chash_point); may be size(). */
    int find(long hash) {
        int i = 0;
        int j = points.length;
        while (i < j) {
            int k = (i + j) >>> 1;
            long pk = Integer.toUnsignedLong(points[k]);
            if (hash > pk) {
                i = k + 1;
            } else if (hash < pk) {
                j = k;
            } else {
                return k;
            }
        }
        return i;
    }

    @Override public void init(Attempts a) {
        if (a.key != null && points.length > 0) {
            CRC32 crc = new CRC32();
            crc.update(a.key);
            a.hash = find(crc.getValue());
        }
    }

    @Override public Peer get(Attempts a, long now) {
        PeerTier tier = a.tier;
        if (a.hashTries > 20 || tier.single || a.key == null || a.key.length == 0) {
            return RoundRobin.INSTANCE.get(a, now);
        }
        Peer[] peers = tier.peers;
        while (true) {
            int owner = owners[(int) (a.hash % points.length)];
            PeerTier.SmoothWeights w = tier.weights();
            int best = -1;
            long total = 0;
            for (int i = 0; i < peers.length; i++) {
                Peer peer = peers[i];
                if (a.tried(i) || peer.serverIndex != owner || !peer.usable(now)) {
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
            if (best >= 0) {
                w.current[best] -= total;
                a.markTried(best);
                peers[best].touchChecked(now);
                return peers[best];
            }
            a.hash++;
            if (++a.hashTries > 20) {
                return RoundRobin.INSTANCE.get(a, now);
            }
        }
    }
}
