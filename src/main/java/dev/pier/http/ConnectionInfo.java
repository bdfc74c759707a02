package dev.pier.http;

import dev.pier.http.connection.ProxyProtocolHeader;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** What the request path needs of its connection: a number for logs, addresses, the scheme, requests so far. */
public final class ConnectionInfo {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final InetSocketAddress configuredAddress;
    private final String scheme;
    private long requests;
    private ProxyProtocolHeader proxyProtocol;
    /** A {@code listen ... ssl} address: TLS is expected (a plain request here is nginx's 497). */
    private boolean tlsPort;
    /** The TLS session once the handshake is done; null before it and on plain connections. */
    private dev.pier.tls.TlsConnection tls;

    public ConnectionInfo(InetSocketAddress remoteAddress, InetSocketAddress localAddress, InetSocketAddress configuredAddress, String scheme) {
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
        this.configuredAddress = configuredAddress;
        this.scheme = scheme;
    }

    public long id() { return id; }

    public InetSocketAddress remoteAddress() { return remoteAddress; }

    public InetSocketAddress localAddress() { return localAddress; }

    /** The listen address the socket was configured with (port 0 in tests is the kernel's choice in {@link #localAddress}). */
    public InetSocketAddress configuredAddress() { return configuredAddress; }

    public String scheme() { return tls != null ? "https" : scheme; }

    public boolean tlsPort() { return tlsPort; }

    public void tlsPort(boolean value) { this.tlsPort = value; }

    public dev.pier.tls.TlsConnection tls() { return tls; }

    public void tls(dev.pier.tls.TlsConnection session) { this.tls = session; }

    /** The servers for this connection: those of its exact address and port if any listen there, else the socket's. */
    ServerSelector selector(HttpConfig config) {
        ServerSelector s = config.selectorFor(new InetSocketAddress(localAddress.getAddress(), configuredAddress.getPort()));
        return s != null ? s : config.selectorFor(configuredAddress);
    }

    public long requests() { return requests; }

    /** The addresses the connection's PROXY protocol header carried; null without one (or when it carried none). */
    public ProxyProtocolHeader proxyProtocol() { return proxyProtocol; }

    public void proxyProtocol(ProxyProtocolHeader header) { this.proxyProtocol = header; }

    long nextRequest() { return ++requests; }
}
