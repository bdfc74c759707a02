package dev.pier.proxy.tunnel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Two real loopback connections for a tunnel, as a proxy has them: a client socket whose accepted Netty
 * channel is the tunnel's client side, and a Netty channel connected to an upstream socket. Both Netty
 * channels read on demand (autoRead off) and have no handlers; the plain sockets are the two far ends.
 */
final class SocketPairs implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel listener;

    SocketPairs(boolean epoll) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        listener = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override protected void initChannel(Channel ch) {
                        PENDING.complete(ch);
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        this.epoll = epoll;
    }

    private final boolean epoll;
    private static volatile CompletableFuture<Channel> PENDING;

    static boolean epollAvailable() { return Epoll.isAvailable(); }

    /** One client connection and one upstream connection; {@code sameLoop} puts both channels on one event loop. */
    Pair open(boolean sameLoop) throws Exception {
        PENDING = new CompletableFuture<>();
        Socket client = new Socket(InetAddress.getLoopbackAddress(), ((InetSocketAddress) listener.localAddress()).getPort());
        client.setTcpNoDelay(true);
        Channel clientChannel = PENDING.get(5, TimeUnit.SECONDS);
        EventLoop loop = clientChannel.eventLoop();
        if (!sameLoop) {
            EventLoop other;
            do {
                other = group.next();
            } while (other == loop);
            loop = other;
        }
        try (ServerSocket origin = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel upstreamChannel = new Bootstrap().group(loop)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override protected void initChannel(Channel ch) { }
                    })
                    .connect(origin.getLocalSocketAddress()).sync().channel();
            Socket upstream = origin.accept();
            return new Pair(client, clientChannel, upstream, upstreamChannel);
        }
    }

    @Override public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    record Pair(Socket client, Channel clientChannel, Socket upstream, Channel upstreamChannel) implements AutoCloseable {
        @Override public void close() throws IOException {
            client.close();
            upstream.close();
            clientChannel.close().syncUninterruptibly();
            upstreamChannel.close().syncUninterruptibly();
        }
    }
}
