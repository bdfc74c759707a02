package dev.pier.server;

import dev.pier.config.PierConfig;
import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.core.MainModule;
import dev.pier.http.ConnectionLimitsModule;
import dev.pier.http.HttpConfig;
import dev.pier.http.HttpConnectionHandler;
import dev.pier.http.HttpCoreModule;
import dev.pier.http.Listen;
import dev.pier.http.codec.Http1Limits;
import dev.pier.http.codec.Http1RequestDecoder;
import dev.pier.tls.TlsServers;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.concurrent.EventExecutor;
import dev.pier.http.connection.ReadActivity;
import dev.pier.http.connection.ProxyProtocolDecoder;
import dev.pier.http.connection.ReadOnDemand;
import java.net.InetSocketAddress;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import dev.pier.http.connection.GracefulClose;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running server: event loops (epoll on Linux, NIO elsewhere), one listening socket per distinct
 * address, and the current configuration, which connections read per request so a reload is one swap.
 * A reload binds the addresses the new configuration adds before it swaps, and lets the connections of the
 * addresses it drops finish; a graceful stop closes the listeners and waits for the connections to finish.
 * Lifecycle calls (start, reload, stops) come from one control thread at a time.
 */
public final class PierServer implements AutoCloseable {
    private final AtomicReference<PierConfig> config;
    private final EventLoopGroup group;
    private final boolean epoll;
    /** Bound addresses, by the configured address (port 0 stays 0 here, so it survives reloads). */
    private final Map<InetSocketAddress, Listener> listeners = new LinkedHashMap<>();
    /** Connections of listeners a reload removed, still finishing their requests. */
    private final ChannelGroup retired = new DefaultChannelGroup("retired", GlobalEventExecutor.INSTANCE);
    private volatile ConnectionLimit limit;

    public PierServer(PierConfig initial) {
        this.config = new AtomicReference<>(initial);
        int threads = initial.main().get(MainModule.WORKER_PROCESSES);
        if (threads <= 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        this.epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** Binds every listen address of the configuration; throws if one cannot be bound, after closing the others. */
    public synchronized void start() throws InterruptedException {
        limit = limitFor(config.get());
        try {
            listeners.putAll(bindAll(sockets(config.get())));
            startServices(config.get(), null);
            listeners.values().forEach(Listener::startAccepting);
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /**
     * Swaps in a new configuration: requests that start after the swap use it, requests in flight finish on
     * the one they started with. Addresses only the new configuration has are bound first; if one cannot be,
     * the reload is refused (BindException) and nothing changes. Addresses it no longer has stop accepting;
     * their connections finish what they have started and close, within the new worker_shutdown_timeout.
     */
    public synchronized void reload(PierConfig next) throws InterruptedException {
        Map<InetSocketAddress, Listen> wanted = sockets(next);
        Map<InetSocketAddress, Listen> added = new LinkedHashMap<>(wanted);
        added.keySet().removeAll(listeners.keySet());
        Map<InetSocketAddress, Listener> bound = bindAll(added);
        PierConfig previous = config.get();
        startServices(next, previous);
        limit = limitFor(next);
        config.set(next);
        if (previous != next) {
            stopServices(previous);
        }
        listeners.putAll(bound);
        bound.values().forEach(Listener::startAccepting);
        List<Listener> removed = new ArrayList<>();
        for (var it = listeners.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                removed.add(e.getValue());
                it.remove();
            }
        }
        for (Listener l : removed) {
            l.closeSockets();
            retired.addAll(l.connections());
            drain(l.connections(), next.main().get(MainModule.WORKER_SHUTDOWN_TIMEOUT));
        }
    }

    /**
     * The start of nginx's graceful shutdown (QUIT): closes the listening sockets and asks every connection to
     * finish (idle ones close now, busy ones after their response). {@link #openConnections()} then says when
     * all are gone; {@link #close()} ends what is left.
     */
    public synchronized void stopAccepting() {
        for (Listener l : listeners.values()) {
            l.closeSockets();
            l.connections().forEach(c -> c.pipeline().fireUserEventTriggered(GracefulClose.EVENT));
        }
        retired.forEach(c -> c.pipeline().fireUserEventTriggered(GracefulClose.EVENT));
    }

    /** Client connections still open, on every listener and on those a reload removed. */
    public synchronized int openConnections() {
        int n = retired.size();
        for (Listener l : listeners.values()) {
            n += l.connections().size();
        }
        return n;
    }

    /** Asks a group's connections to finish and close; closes what is left after {@code timeoutMillis} (-1: never). */
    private void drain(ChannelGroup connections, long timeoutMillis) {
        connections.forEach(c -> c.pipeline().fireUserEventTriggered(GracefulClose.EVENT));
        if (timeoutMillis >= 0) {
            List<Channel> snapshot = List.copyOf(connections);
            group.schedule(() -> snapshot.forEach(Channel::close), timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Starts the live parts of {@code next} (health checks) before it takes requests, each told of its counterpart in {@code replaced}. */
    private void startServices(PierConfig next, PierConfig replaced) {
        if (next == replaced) {
            return;
        }
        for (LiveService s : next.parts().all(LiveService.class)) {
            s.start(group, replaced == null ? null : replaced.parts().get(s.getClass()));
        }
    }

    private static void stopServices(PierConfig c) {
        c.parts().all(LiveService.class).forEach(LiveService::stop);
    }

    private static Map<InetSocketAddress, Listen> sockets(PierConfig c) {
        Map<InetSocketAddress, Listen> out = new LinkedHashMap<>();
        HttpConfig http = c.part(HttpConfig.class);
        if (http != null) {
            for (Listen l : http.sockets()) {
                out.put(l.address(), l);
            }
        }
        return out;
    }

    private static ConnectionLimit limitFor(PierConfig c) {
        return new ConnectionLimit(c.main().get(MainModule.WORKER_CONNECTIONS), sockets(c).size());
    }

    /** Binds each address; if one fails, closes those this call bound and throws. */
    private Map<InetSocketAddress, Listener> bindAll(Map<InetSocketAddress, Listen> wanted) throws InterruptedException {
        Map<InetSocketAddress, Listener> bound = new LinkedHashMap<>();
        try {
            for (Listen l : wanted.values()) {
                Listener listener = new Listener(l);
                bound.put(l.address(), listener);
                if (l.reusePort() && epoll) {
                    bindPerLoop(listener);
                } else {
                    listener.sockets().add(bind(listener, group, l.address()));
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            bound.values().forEach(Listener::closeSockets);
            throw e;
        }
        return bound;
    }

    /**
     * {@code listen ... reuseport} as nginx does it: one listening socket per worker (here, per event loop),
     * all with SO_REUSEPORT so the kernel spreads connections, each accepting onto its own loop.
     */
    private void bindPerLoop(Listener l) throws InterruptedException {
        InetSocketAddress address = l.listen().address();
        for (EventExecutor e : group) {
            Channel ch = bind(l, (EventLoopGroup) e, address);
            l.sockets().add(ch);
            // port 0 (tests): the other sockets join the port the kernel chose for the first
            address = (InetSocketAddress) ch.localAddress();
        }
    }

    private Channel bind(Listener listener, EventLoopGroup loops, InetSocketAddress address) throws InterruptedException {
        Listen listen = listener.listen();
        ServerBootstrap b = new ServerBootstrap()
                .group(loops)
                .channelFactory(() -> epoll ? new EpollServerSocketChannel(listen.address().getAddress() instanceof java.net.Inet6Address
                        ? io.netty.channel.socket.SocketProtocolFamily.INET6 : io.netty.channel.socket.SocketProtocolFamily.INET)
                        : new NioServerSocketChannel())
                .option(ChannelOption.SO_BACKLOG, listen.backlog() > 0 ? listen.backlog() : 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                // accepting starts once the configuration that serves the address is in place (startAccepting)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // the connection reads on demand: the next request is read once the current one is answered
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        PierConfig loaded = config.get();
                        HttpConfig http = loaded.part(HttpConfig.class);
                        if (http == null) {
                            ch.close();   // a reload removed the http block while this connection was being accepted
                            return;
                        }
                        HttpConnectionHandler connection = new HttpConnectionHandler(PierServer.this::currentHttp, listen.address(), "http");
                        // next to the socket: counts what the socket accepted ($bytes_sent)
                        ch.pipeline().addLast("sent", new dev.pier.http.connection.SentBytes());
                        ch.pipeline().addLast("limit", limit);
                        var servers = http.selectorFor(ch.localAddress(), listen.address());
                        if (servers != null && http.proxyProtocol(servers)) {
                            // the PROXY protocol header comes before the request (and before its first byte's clock),
                            // read into the address's client_header_buffer_size as nginx does
                            ch.pipeline().addLast("proxy_protocol", new ProxyProtocolDecoder(servers.defaultServer().settings()
                                    .get(ConnectionLimitsModule.CLIENT_HEADER_BUFFER_SIZE).intValue(), listen.display(), connection::connectionInfo));
                        }
                        TlsServers tls = loaded.part(TlsServers.class);
                        boolean overTls = tls != null && servers != null && tls.isTls(listen.address());
                        if (overTls) {
                            tls.install(ch.pipeline(), servers, connection::connectionInfo, listen.display());
                        }
                        if (dev.pier.http.v2.Http2Module.cleartext(servers, listen)) {
                            // HTTP/2 or HTTP/1.x, told apart by the first bytes (over TLS after the handshake, where
                            // ALPN offered h2 to the client, which then sends the preface)
                            String scheme = overTls ? "https" : "http";
                            ch.pipeline().addLast("preface", new dev.pier.http.v2.PrefaceSniffer(c ->
                                    dev.pier.http.v2.Http2Connection.install(c.pipeline(), PierServer.this::currentHttp, listen.address(), scheme)));
                        }
                        ch.pipeline().addLast("activity", new ReadActivity(connection::bytesArrived));
                        ch.pipeline().addLast("decoder", decoder(http, listen.address()));
                        // hands the decoder's messages over one per read() so requests decoded together wait their turn
                        ch.pipeline().addLast("flow", new ReadOnDemand());
                        ch.pipeline().addLast("encoder", new HttpResponseEncoder());
                        ch.pipeline().addLast("http", connection);
                        listener.accepted(ch);
                    }
                });
        if (listen.reusePort() && epoll) {
            b.option(io.netty.channel.unix.UnixChannelOption.SO_REUSEPORT, true);
        }
        if (epoll && listen.address().getAddress() instanceof java.net.Inet6Address) {
            // nginx listens with ipv6only=on, so "listen [::]:80" and "listen 80" are two sockets (IPPROTO_IPV6, IPV6_V6ONLY)
            b.option(new io.netty.channel.unix.IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26), 1);
        }
        try {
            return b.bind(address).sync().channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new BindException(listen, e);
        }
    }

    /** Header limits come from the default server of the address, as nginx's buffers are sized before Host is known. */
    private static Http1RequestDecoder decoder(HttpConfig http, InetSocketAddress address) {
        var selector = http.selectorFor(address);
        if (selector == null) {
            return new Http1RequestDecoder(Http1Limits.defaults());
        }
        var s = selector.defaultServer().settings();
        var large = s.get(ConnectionLimitsModule.LARGE_CLIENT_HEADER_BUFFERS);
        return new Http1RequestDecoder(new Http1Limits(s.get(ConnectionLimitsModule.CLIENT_HEADER_BUFFER_SIZE).intValue(),
                large.number(), large.size(), s.get(ConnectionLimitsModule.IGNORE_INVALID_HEADERS),
                s.get(ConnectionLimitsModule.UNDERSCORES_IN_HEADERS), s.get(HttpCoreModule.MERGE_SLASHES)));
    }

    HttpConfig currentHttp() { return config.get().part(HttpConfig.class); }

    public PierConfig config() { return config.get(); }

    /** The addresses actually bound (with the kernel's port where the configuration said 0). */
    public synchronized List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Listener l : listeners.values()) {
            for (Channel c : l.sockets()) {
                out.add((InetSocketAddress) c.localAddress());
            }
        }
        return out;
    }

    public boolean usesEpoll() { return epoll; }

    /** Fast stop (TERM): closes listeners and connections at once. */
    @Override public void close() {
        synchronized (this) {
            for (Listener l : listeners.values()) {
                l.closeSockets();
                l.connections().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
            listeners.clear();
        }
        retired.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        stopServices(config.get());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        // the last requests' lines are on disk when close returns, not at some later moment of the writer's
        dev.pier.log.AccessLogs.flushAll(2_000);
        ErrorLog.log(LogLevel.NOTICE, "exiting");
    }

    /** One listen address: its socket (one per event loop with reuseport) and the connections accepted on it. */
    private record Listener(Listen listen, List<Channel> sockets, ChannelGroup connections, AtomicBoolean closed) {
        Listener(Listen listen) {
            this(listen, new ArrayList<>(), new DefaultChannelGroup(listen.display(), GlobalEventExecutor.INSTANCE), new AtomicBoolean());
        }

        void accepted(Channel ch) {
            connections.add(ch);
            if (closed.get()) {
                // accepted just before the socket closed: it missed the drain and must not linger
                ch.pipeline().fireUserEventTriggered(GracefulClose.EVENT);
            }
        }

        void startAccepting() {
            for (Channel c : sockets) {
                c.config().setAutoRead(true);
            }
        }

        void closeSockets() {
            closed.set(true);
            for (Channel c : sockets) {
                c.close().syncUninterruptibly();
            }
        }
    }

    /** nginx's {@code bind() to 0.0.0.0:80 failed (98: Address already in use)}. */
    public static final class BindException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BindException(Listen listen, Exception cause) {
            super("bind() to " + listen.display() + " failed (" + reason(cause) + ")", cause);
        }

        private static String reason(Exception e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("in use")) {
                return "98: Address already in use";
            }
            if (m.contains("ermission")) {
                return "13: Permission denied";
            }
            return m;
        }
    }
}
