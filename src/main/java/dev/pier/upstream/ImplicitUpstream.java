package dev.pier.upstream;

import dev.pier.http.HttpExchange;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/** The group of a proxy_pass host: its addresses in turn, each tried once per request. */
final class ImplicitUpstream implements Upstream {
    private final String name;
    private final List<Peer> peers;
    private int next;

    private ImplicitUpstream(String name, List<Peer> peers) {
        this.name = name;
        this.peers = peers;
    }

    static ImplicitUpstream of(String name, List<? extends SocketAddress> addresses) {
        return new ImplicitUpstream(name, addresses.stream().map(Peer::new).toList());
    }

    @Override public String name() { return name; }

    @Override public UpstreamKeepalive keepalive() { return UpstreamKeepalive.NONE; }

    @Override public List<? extends UpstreamPeer> peers() { return peers; }

    @Override public dev.pier.config.Settings settings() { return new dev.pier.config.Settings().freeze(); }

    @Override public PeerSelection select(HttpExchange exchange) {
        int start = Math.floorMod(next++, peers.size());
        return new PeerSelection() {
            private int tried;

            @Override public UpstreamPeer next() {
                return tried < peers.size() ? peers.get((start + tried++) % peers.size()) : null;
            }

            @Override public void done(UpstreamPeer peer, AttemptResult result, long headerNanos, long responseNanos) { }

            @Override public int tries() { return peers.size(); }
        };
    }

    private record Peer(SocketAddress address) implements UpstreamPeer {
        @Override public void guard(PeerGuard guard) {
            throw new UnsupportedOperationException("the group of a proxy_pass host has no health checks");
        }

        @Override public String name() {
            return address instanceof InetSocketAddress a
                    ? io.netty.util.NetUtil.toSocketAddressString(a) : "unix:" + address;
        }
    }
}
