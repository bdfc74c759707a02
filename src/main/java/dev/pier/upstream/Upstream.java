package dev.pier.upstream;

import dev.pier.http.HttpExchange;

/**
 * Where a proxy sends requests: an {@code upstream} block, or the group {@code proxy_pass host:port} makes of
 * the host's addresses. Built at load, immutable in its configuration, shared by every event loop; the state
 * that changes (peer health, balancer position) is the implementation's to keep safe.
 */
public interface Upstream {
    /** The group's name: the upstream block's, or the host[:port] text of an implicit group. */
    String name();

    /** Starts choosing peers for one request (nginx's peer.init); called on the exchange's event loop. */
    PeerSelection select(HttpExchange exchange);

    /** Every configured peer, backups included, in the block's order (what active health checks probe). */
    java.util.List<? extends UpstreamPeer> peers();

    /** The settings of the {@code upstream} block itself, for directives other modules read there; empty for an implicit group. */
    dev.pier.config.Settings settings();

    /** How idle connections to this group's peers are kept ({@link UpstreamKeepalive#NONE} without {@code keepalive}). */
    UpstreamKeepalive keepalive();
}
