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
import dev.pier.http.connection.ReadOnDemand;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running server: event loops (epoll on Linux, NIO elsewhere), one listening socket per distinct
 * address, and the current configuration, which connections read per request so a reload is one swap.
 */
public final class PierServer implements AutoCloseable {
    private final AtomicReference<PierConfig> config;
    private final EventLoopGroup group;
    private final boolean epoll;
    private final List<Channel> listeners = new ArrayList<>();
    private ConnectionLimit limit;

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
    public void start() throws InterruptedException {
        HttpConfig http = config.get().part(HttpConfig.class);
        if (http == null) {
            return;
        }
        int workerConnections = config.get().main().get(MainModule.WORKER_CONNECTIONS);
        limit = new ConnectionLimit(workerConnections, http.sockets().size());
        try {
            for (Listen l : http.sockets()) {
                if (l.ssl()) {
                    continue;   // TLS is not implemented yet; the load warned, and plain HTTP must not answer here
                }
                if (l.reusePort() && epoll) {
                    bindPerLoop(l);
                } else {
                    listeners.add(bind(l, group, l.address()));
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /**
     * {@code listen ... reuseport} as nginx does it: one listening socket per worker (here, per event loop),
     * all with SO_REUSEPORT so the kernel spreads connections, each accepting onto its own loop.
     */
    private void bindPerLoop(Listen l) throws InterruptedException {
        InetSocketAddress address = l.address();
        for (EventExecutor e : group) {
            Channel ch = bind(l, (EventLoopGroup) e, address);
            listeners.add(ch);
            // port 0 (tests): the other sockets join the port the kernel chose for the first
            address = (InetSocketAddress) ch.localAddress();
        }
    }

    private Channel bind(Listen listen, EventLoopGroup loops, InetSocketAddress address) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(loops)
                .channelFactory(() -> epoll ? new EpollServerSocketChannel(listen.address().getAddress() instanceof java.net.Inet6Address
                        ? io.netty.channel.socket.SocketProtocolFamily.INET6 : io.netty.channel.socket.SocketProtocolFamily.INET)
                        : new NioServerSocketChannel())
                .option(ChannelOption.SO_BACKLOG, listen.backlog() > 0 ? listen.backlog() : 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // the connection reads on demand: the next request is read once the current one is answered
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        HttpConfig http = currentHttp();
                        HttpConnectionHandler connection = new HttpConnectionHandler(PierServer.this::currentHttp, listen.address(), "http");
                        // next to the socket: counts what the socket accepted ($bytes_sent)
                        ch.pipeline().addLast("sent", new dev.pier.http.connection.SentBytes());
                        ch.pipeline().addLast("limit", limit);
                        ch.pipeline().addLast("activity", new ReadActivity(connection::bytesArrived));
                        ch.pipeline().addLast("decoder", decoder(http, listen.address()));
                        // hands the decoder's messages over one per read() so requests decoded together wait their turn
                        ch.pipeline().addLast("flow", new ReadOnDemand());
                        ch.pipeline().addLast("encoder", new HttpResponseEncoder());
                        ch.pipeline().addLast("http", connection);
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

    /**
     * Swaps in a new configuration: requests that start after the swap use it, requests in flight finish on
     * the one they started with. Listen addresses are those of the first configuration.
     */
    public void reload(PierConfig next) {
        config.set(next);
    }

    HttpConfig currentHttp() { return config.get().part(HttpConfig.class); }

    public PierConfig config() { return config.get(); }

    /** The addresses actually bound (with the kernel's port where the configuration said 0). */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : listeners) {
            out.add((InetSocketAddress) c.localAddress());
        }
        return out;
    }

    public boolean usesEpoll() { return epoll; }

    @Override public void close() {
        for (Channel c : listeners) {
            c.close().syncUninterruptibly();
        }
        listeners.clear();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        ErrorLog.log(LogLevel.NOTICE, "exiting");
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
