package dev.pier.upstream;

import java.net.SocketAddress;

/** One server of an upstream group as the proxy sees it: where to connect, and how logs name it. */
public interface UpstreamPeer {
    /** An InetSocketAddress, or a DomainSocketAddress for {@code unix:} peers. */
    SocketAddress address();

    /** The peer as {@code $upstream_addr} writes it: "127.0.0.1:8080", "[::1]:80", "unix:/path". */
    String name();

    /**
     * Adds a guard that can take this peer out of rotation besides passive health (an active health check);
     * the balancers skip the peer while any guard refuses it and scale its weight by the guards' shares.
     */
    void guard(PeerGuard guard);

    /**
     * The {@code slow_start=} of the peer's {@code server} line in milliseconds (0 without one): how long a guard
     * ramps the peer's weight share from 0 to 1 once it becomes healthy again.
     */
    default long slowStartMillis() { return 0; }
}
