package dev.pier.proxy;

import dev.pier.http.connection.ConnectionTimer;
import dev.pier.upstream.Upstream;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.SocketAddress;

/**
 * One connection to an upstream peer: its pipeline (request encoder, response decoder, this handler last),
 * the bytes it carried, and whoever uses it now: the request it serves, or the pool while it is idle. Lives on
 * the event loop of the client connection that opened it.
 */
final class UpstreamConnection extends ChannelDuplexHandler {
    /** What the connection's user hears: decoded response parts, read ends, writability, the end of the connection. */
    interface Listener {
        void upstreamMessage(UpstreamConnection c, Object msg);

        void upstreamReadComplete(UpstreamConnection c);

        void upstreamWritable(UpstreamConnection c);

        void upstreamClosed(UpstreamConnection c, Throwable cause);

        /** What the user armed the connection's timer for ({@link #arm}) came due. */
        void upstreamTimedOut(UpstreamConnection c, Object what);
    }

    /** A response decoder that knows when the request was HEAD (no body follows whatever the headers say). */
    static final class ResponseDecoder extends HttpResponseDecoder {
        boolean head;
        /** The request asked for an upgrade: a 101 ends the HTTP exchange (else its body runs to the close, as nginx reads it). */
        boolean upgrade;

        ResponseDecoder(int maxHeader) {
            super(new HttpDecoderConfig().setMaxInitialLineLength(maxHeader).setMaxHeaderSize(maxHeader).setMaxChunkSize(64 * 1024));
        }

        @Override protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            if (msg instanceof io.netty.handler.codec.http.HttpResponse r && r.status().code() == 101) {
                // to an upgrade request what follows the head belongs to the new protocol (the tunnel's); to any
                // other request nginx passes it on as a body that ends with the connection
                return head || upgrade;
            }
            return head || super.isContentAlwaysEmpty(msg);
        }
    }

    final Channel channel;
    final SocketAddress peer;
    final Upstream group;
    final long openedNanos = System.nanoTime();
    final ResponseDecoder decoder;
    int requests;
    long received;
    long sent;
    private Listener listener;
    /**
     * The timeouts of whoever uses the connection (a request's phase, the pool's keepalive_timeout) in turn:
     * arming again moves a deadline, so a kept-alive connection schedules no task per request.
     */
    private final ConnectionTimer<Object> timer;
    private Throwable failure;
    /** While the connection leaves HTTP: where the decoder's unread input goes. */
    private CompositeByteBuf salvaged;

    private UpstreamConnection(Channel channel, SocketAddress peer, Upstream group, ResponseDecoder decoder) {
        this.channel = channel;
        this.peer = peer;
        this.group = group;
        this.decoder = decoder;
        this.timer = new ConnectionTimer<>(channel.eventLoop(), this::expired);
    }

    /** Sets up the pipeline of a new upstream channel (before it connects). */
    private static UpstreamConnection install(Channel ch, SocketAddress peer, Upstream group, int maxHeader) {
        // reads stop only while the client cannot take more; a few buffers per read loop bound what one loop brings
        ch.config().setMaxMessagesPerRead(4);
        ResponseDecoder decoder = new ResponseDecoder(maxHeader);
        UpstreamConnection c = new UpstreamConnection(ch, peer, group, decoder);
        ch.pipeline().addLast("count", c.counter());
        ch.pipeline().addLast("encoder", new HttpRequestEncoder());
        ch.pipeline().addLast("decoder", decoder);
        ch.pipeline().addLast("upstream", c);
        return c;
    }

    /**
     * Opens a connection to {@code address} on the client channel's own event loop and transport (TCP_NODELAY,
     * proxy_connect_timeout, proxy_socket_keepalive); unix-domain addresses need the epoll transport.
     */
    static Future<UpstreamConnection> open(Channel client, SocketAddress address, Upstream group, ProxyLocation conf) {
        return open(client, address, group, conf, null);
    }

    /**
     * As {@link #open(Channel, SocketAddress, Upstream, ProxyLocation)}, with TLS first when {@code tlsName} is not
     * null (proxy_pass https): the connection is ready once the handshake is done and, with proxy_ssl_verify,
     * the certificate names {@code tlsName}; a failure is an {@link UpstreamTlsFailure}.
     */
    static Future<UpstreamConnection> open(Channel client, SocketAddress address, Upstream group, ProxyLocation conf, String tlsName) {
        Bootstrap b = new Bootstrap().group(client.eventLoop())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, Math.max(1, conf.connectTimeout())));
        if (address instanceof DomainSocketAddress) {
            b.channel(EpollDomainSocketChannel.class);
        } else {
            // an HTTP/2 stream's channel runs on its connection's loop: the connection's transport is the one to match
            b.channel(client instanceof EpollSocketChannel || client.parent() instanceof EpollSocketChannel ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, conf.socketKeepalive());
        }
        Promise<UpstreamConnection> made = client.eventLoop().newPromise();
        UpstreamConnection[] installed = new UpstreamConnection[1];
        io.netty.handler.ssl.SslHandler[] tls = new io.netty.handler.ssl.SslHandler[1];
        b.handler(new ChannelInitializer<Channel>() {
            @Override protected void initChannel(Channel ch) {
                installed[0] = install(ch, address, group, Math.max(conf.bufferSize(), 1024));
                if (tlsName != null && address instanceof java.net.InetSocketAddress inet) {
                    tls[0] = conf.tls().newHandler(ch.alloc(), tlsName, inet.getAddress(), inet.getPort());
                    // nginx's proxy_connect_timeout covers the handshake too
                    tls[0].setHandshakeTimeoutMillis(Math.max(1, conf.connectTimeout()));
                    ch.pipeline().addFirst("tls", tls[0]);
                }
            }
        });
        b.connect(address).addListener(f -> {
            if (!f.isSuccess()) {
                made.setFailure(f.cause());
            } else if (tls[0] == null) {
                made.setSuccess(installed[0]);
            } else {
                tls[0].handshakeFuture().addListener(h -> {
                    String mismatch = h.isSuccess() && conf.tls().verifies()
                            ? conf.tls().checkName(tls[0].engine().getSession(), tlsName) : null;
                    if (h.isSuccess() && mismatch == null) {
                        made.setSuccess(installed[0]);
                    } else {
                        installed[0].close();
                        made.setFailure(mismatch != null ? new UpstreamTlsFailure(mismatch, false) : UpstreamTlsFailure.of(h.cause()));
                    }
                });
            }
        });
        return made;
    }

    void listener(Listener l) { listener = l; }

    Listener listener() { return listener; }

    boolean isActive() { return channel.isActive(); }

    void close() {
        listener = null;
        timer.stop();
        channel.close();
    }

    /** Waits {@code millis} for {@code what}, replacing what the timer waited for; the listener hears if it comes due. */
    void arm(Object what, long millis) { timer.arm(what, millis); }

    /** Stops waiting (cheaply: the scheduled task stays for the next {@link #arm}). */
    void disarm() { timer.cancel(); }

    /** What the timer waits for, or null. */
    Object armedFor() { return timer.kind(); }

    private void expired(Object what) {
        Listener l = listener;
        if (l != null) {
            l.upstreamTimedOut(this, what);
        }
    }

    /**
     * Takes the connection off HTTP after a 101 (nginx's ngx_http_upstream_upgrade): the codec and this
     * handler leave the pipeline, the byte counter stays. {@code early} holds the bytes the decoder had already
     * passed on after the head; what it still held unread is added to it. Returns {@code early}, owned by the
     * caller. Must not run while the decoder is decoding (a read-complete event is the place).
     */
    ByteBuf leaveHttp(CompositeByteBuf early) {
        listener = null;
        timer.stop();
        salvaged = early;
        try {
            ChannelPipeline p = channel.pipeline();
            p.remove(decoder);   // fires what it held unread into channelRead, which salvages it
            p.remove(HttpRequestEncoder.class);
            p.remove(this);
        } finally {
            salvaged = null;
        }
        return early;
    }

    /** Counts the bytes as they cross the socket ($upstream_bytes_received / _sent). */
    private ChannelDuplexHandler counter() {
        return new ChannelDuplexHandler() {
            @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf b) {
                    received += b.readableBytes();
                }
                ctx.fireChannelRead(msg);
            }

            @Override public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof ByteBuf b) {
                    sent += b.readableBytes();
                }
                ctx.write(msg, promise);
            }
        };
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (salvaged != null && msg instanceof ByteBuf b) {
            salvaged.addComponent(true, b);
            return;
        }
        Listener l = listener;
        if (l == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        l.upstreamMessage(this, msg);
    }

    @Override public void channelReadComplete(ChannelHandlerContext ctx) {
        Listener l = listener;
        if (l != null) {
            l.upstreamReadComplete(this);
        }
    }

    @Override public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Listener l = listener;
        if (l != null && ctx.channel().isWritable()) {
            l.upstreamWritable(this);
        }
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause;
        ctx.close();
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        timer.stop();
        super.channelInactive(ctx);
        Listener l = listener;
        listener = null;
        if (l != null) {
            l.upstreamClosed(this, failure);
        }
    }
}
