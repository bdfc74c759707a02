package dev.pier.upstream.health;

import dev.pier.config.Settings;
import dev.pier.http.HttpExchange;
import dev.pier.upstream.PeerGuard;
import dev.pier.upstream.PeerSelection;
import dev.pier.upstream.Upstream;
import dev.pier.upstream.UpstreamKeepalive;
import dev.pier.upstream.UpstreamPeer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain upstream group for the health check engine's tests: a name and peers at real addresses, each keeping
 * the guards a check gives it. It chooses no peers (the engine never asks); the balancers are tested elsewhere.
 */
record TestUpstream(String name, List<TestPeer> peers) implements Upstream {
    static TestUpstream of(String name, int... ports) {
        List<TestPeer> list = new ArrayList<>();
        for (int port : ports) {
            list.add(new TestPeer(new InetSocketAddress("127.0.0.1", port)));
        }
        return new TestUpstream(name, List.copyOf(list));
    }

    TestPeer peer(int i) { return peers.get(i); }

    @Override public PeerSelection select(HttpExchange exchange) {
        throw new UnsupportedOperationException("the health check engine never selects peers");
    }

    @Override public Settings settings() { return new Settings().freeze(); }

    @Override public UpstreamKeepalive keepalive() { return UpstreamKeepalive.NONE; }

    /** A peer at an address; compares by identity, as the upstream module's peers do. */
    static final class TestPeer implements UpstreamPeer {
        private final InetSocketAddress address;
        final List<PeerGuard> guards = new CopyOnWriteArrayList<>();
        /** {@code slow_start=} of the server line this peer stands for. */
        volatile long slowStartMillis;

        TestPeer(InetSocketAddress address) {
            this.address = address;
        }

        @Override public SocketAddress address() { return address; }

        @Override public String name() { return "127.0.0.1:" + address.getPort(); }

        @Override public void guard(PeerGuard guard) { guards.add(guard); }

        @Override public long slowStartMillis() { return slowStartMillis; }

        /** What a balancer would ask: every guard admits. */
        boolean admitted() {
            long now = System.nanoTime();
            return guards.stream().allMatch(g -> g.admits(now));
        }
    }
}
