package dev.pier.server;

import dev.pier.config.PierConfig;
import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.core.MainModule;
import dev.pier.http.ConnectionLimitsModule;
import dev.pier.http.HttpConfig;
import dev.pier.http.HttpConnectionHandler;
import dev.pier.http.Listen;
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
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
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
        try {
            for (Listen l : http.sockets()) {
                listeners.add(bind(l));
            }
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    private Channel bind(Listen listen) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channelFactory(() -> epoll ? new EpollServerSocketChannel(listen.address().getAddress() instanceof java.net.Inet6Address
                        ? io.netty.channel.socket.SocketProtocolFamily.INET6 : io.netty.channel.socket.SocketProtocolFamily.INET)
                        : new NioServerSocketChannel())
                .option(ChannelOption.SO_BACKLOG, listen.backlog() > 0 ? listen.backlog() : 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        HttpConfig http = currentHttp();
                        ch.pipeline().addLast("decoder", decoder(http, listen.address()));
                        ch.pipeline().addLast("encoder", new HttpResponseEncoder());
                        ch.pipeline().addLast("http", new HttpConnectionHandler(PierServer.this::currentHttp, listen.address(), "http"));
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
            return b.bind(listen.address()).sync().channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new BindException(listen, e);
        }
    }

    /** Header limits come from the default server of the address, as nginx's buffers are sized before Host is known. */
    private static HttpRequestDecoder decoder(HttpConfig http, InetSocketAddress address) {
        var selector = http.selectorFor(address);
        var large = selector == null ? new ConnectionLimitsModule.LargeHeaderBuffers(4, 8192)
                : selector.defaultServer().settings().get(ConnectionLimitsModule.LARGE_CLIENT_HEADER_BUFFERS);
        return new HttpRequestDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(large.size())
                .setMaxHeaderSize(large.size() * large.number())
                .setMaxChunkSize(64 * 1024)
                .setValidateHeaders(false));
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
