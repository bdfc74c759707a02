package dev.pier.http;

import dev.pier.config.Settings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The http context, built and frozen: its servers, and for every listen address the selector that picks a
 * server by Host. Connections to an address that has servers of its own use only those, as nginx does;
 * otherwise the wildcard address of the port applies.
 */
public final class HttpConfig {
    private final Settings settings;
    private final List<VirtualServer> servers;
    private final Map<InetSocketAddress, ServerSelector> selectors;
    private final List<Listen> sockets;
    /** The selectors of addresses with {@code listen ... proxy_protocol}. */
    private final java.util.Set<ServerSelector> proxyProtocol;

    HttpConfig(Settings settings, List<VirtualServer> servers, Map<InetSocketAddress, ServerSelector> selectors, List<Listen> sockets,
               java.util.Set<ServerSelector> proxyProtocol) {
        this.proxyProtocol = java.util.Set.copyOf(proxyProtocol);
        this.settings = settings;
        this.servers = List.copyOf(servers);
        this.selectors = Map.copyOf(selectors);
        this.sockets = List.copyOf(sockets);
    }

    public Settings settings() { return settings; }

    public List<VirtualServer> servers() { return servers; }

    /** The sockets to bind: one per distinct address, a wildcard covering the specific addresses of its port. */
    public List<Listen> sockets() { return sockets; }

    /** The selector for a connection that arrived on {@code local}; null if no server listens there. */
    public ServerSelector selectorFor(InetSocketAddress local) {
        ServerSelector s = selectors.get(local);
        if (s != null) {
            return s;
        }
        InetAddress a = local.getAddress();
        // a v4-mapped v6 connection on a [::] socket
        s = selectors.get(new InetSocketAddress(wildcardLike(a), local.getPort()));
        if (s == null) {
            s = selectors.get(new InetSocketAddress(ANY_V4, local.getPort()));
        }
        if (s == null) {
            s = selectors.get(new InetSocketAddress(ANY_V6, local.getPort()));
        }
        return s;
    }

    /**
     * The servers of a connection that arrived on {@code local} through the socket of {@code configured}: those
     * of its exact address and port if any listen there, else the socket's (as {@link ConnectionInfo} picks them).
     */
    public ServerSelector selectorFor(InetSocketAddress local, InetSocketAddress configured) {
        ServerSelector s = selectorFor(new InetSocketAddress(local.getAddress(), configured.getPort()));
        return s != null ? s : selectorFor(configured);
    }

    /** Whether connections to the address of {@code selector} start with a PROXY protocol header. */
    public boolean proxyProtocol(ServerSelector selector) { return proxyProtocol.contains(selector); }

    static final InetAddress ANY_V4 = addr(new byte[4]);
    static final InetAddress ANY_V6 = addr(new byte[16]);

    private static InetAddress wildcardLike(InetAddress a) {
        return a instanceof java.net.Inet6Address ? ANY_V6 : ANY_V4;
    }

    private static InetAddress addr(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
