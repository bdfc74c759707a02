package dev.pier.upstream;

import dev.pier.config.Settings;
import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * An upstream group: its peers in a primary and a backup tier, its balancer, and its keepalive settings. Built
 * once at load and shared by every event loop; what changes (health, connection counts) lives in the peers,
 * the round-robin weights per event loop ({@link PeerTier}).
 */
final class UpstreamGroup implements Upstream {
    private final String name;
    final PeerTier primary;
    final Balancer balancer;
    final int tries;
    /** least_time last_byte: the response's end is the timing balanced on, not its head. */
    final boolean lastByte;
    /** System.nanoTime, or the clock a test drives. */
    LongSupplier clock;
    private final List<Peer> peers;
    private final Settings settings;
    private final UpstreamKeepalive keepalive;
    private final Template hashKey;

    UpstreamGroup(String name, List<Peer> peers, Balancer balancer, Template hashKey, boolean lastByte,
                  Settings settings, UpstreamKeepalive keepalive, LongSupplier clock) {
        this.name = name;
        this.peers = List.copyOf(peers);
        this.balancer = balancer;
        this.hashKey = hashKey;
        this.lastByte = lastByte;
        this.settings = settings;
        this.keepalive = keepalive;
        this.clock = clock;
        List<Peer> main = new ArrayList<>();
        List<Peer> backups = new ArrayList<>();
        for (Peer p : peers) {
            (p.backupTier ? backups : main).add(p);
        }
        PeerTier backup = backups.isEmpty() ? null : new PeerTier(backups.toArray(new Peer[0]), null);
        this.primary = new PeerTier(main.toArray(new Peer[0]), backup);
        this.tries = primary.tries + (backup == null ? 0 : backup.tries);
    }

    /**
     * The group nginx makes for {@code proxy_pass http://host:port}: the host's addresses with weight 1,
     * max_fails=1 and fail_timeout=10s, round robin, no keepalive.
     */
    static UpstreamGroup implicit(String name, List<? extends SocketAddress> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no addresses for " + name);
        }
        long now = System.nanoTime();
        List<Peer> peers = new ArrayList<>();
        for (SocketAddress a : addresses) {
            String peerName = a instanceof java.net.InetSocketAddress sa
                    ? io.netty.util.NetUtil.toSocketAddressString(sa) : "unix:" + a;
            ServerSpec spec = new ServerSpec(name, List.of(), 1, 1, 10, 0, false, false, 0);
            peers.add(new Peer(new UpstreamAddress.Resolved(a, peerName), spec, now, null, null));
        }
        return new UpstreamGroup(name, peers, RoundRobin.INSTANCE, null, false, new Settings().freeze(),
                UpstreamKeepalive.NONE, System::nanoTime);
    }

    @Override public String name() { return name; }

    @Override public PeerSelection select(HttpExchange exchange) {
        byte[] address = balancer.usesClientAddress() ? IpHash.octets(exchange.remoteAddress()) : null;
        byte[] key = hashKey == null ? null : hashKey.render(exchange).getBytes(StandardCharsets.ISO_8859_1);
        return start(exchange, address, key);
    }

    /** A selection for a client address (ip_hash octets) and hash key: the seam the balancers' tests use. */
    Attempts start(HttpExchange exchange, byte[] address, byte[] key) {
        Attempts a = new Attempts(this, exchange, address, key);
        balancer.init(a);
        return a;
    }

    @Override public List<? extends UpstreamPeer> peers() { return peers; }

    @Override public Settings settings() { return settings; }

    @Override public UpstreamKeepalive keepalive() { return keepalive; }

    @Override public String toString() { return "upstream " + name; }
}
