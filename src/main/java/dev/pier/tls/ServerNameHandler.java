package dev.pier.tls;

import dev.pier.http.ServerNameMatch;
import dev.pier.http.ServerSelector;
import dev.pier.http.VirtualServer;
import dev.pier.http.codec.HostValidator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

/**
 * nginx's SNI callback (ngx_http_ssl_servername): reads the ClientHello's server name, picks the server of the
 * address by it with the same rules the Host header follows, and continues the handshake with that server's
 * context — or with the default server's when the name matches none or the server has no certificate. A
 * server with {@code ssl_reject_handshake on} gets an "unrecognized_name" alert instead, as nginx sends.
 */
final class ServerNameHandler extends SniHandler {
    static final String NAME = "tls-sni";
    /** A fatal unrecognized_name alert (RFC 8446 §6): record type 21, TLS 1.2 record version, level 2, code 112. */
    private static final byte[] UNRECOGNIZED_NAME = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x70};
    private static final byte[] INTERNAL_ERROR = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50};

    private final TlsServers servers;
    private final ServerSelector selector;
    private final HandshakeWatch watch;
    private ServerTls chosen;

    ServerNameHandler(TlsServers servers, ServerSelector selector, HandshakeWatch watch) {
        super((io.netty.util.Mapping<String, SslContext>) name -> null, 0, 0L);
        this.servers = servers;
        this.selector = selector;
        this.watch = watch;
    }

    @Override protected Future<SslContext> lookup(ChannelHandlerContext ctx, String hostname) {
        VirtualServer server = selector.defaultServer();
        String matched = null;
        if (hostname != null) {
            String host = HostValidator.normalize(hostname);
            if (host == null) {
                return reject(ctx, INTERNAL_ERROR, "client sent invalid server name");
            }
            ServerNameMatch m = selector.select(host);
            if (selector.matched(m)) {
                server = m.server();
                matched = host;
            }
        }
        ServerTls tls = servers.of(server);
        if (tls != null && tls.rejectHandshake()) {
            return reject(ctx, UNRECOGNIZED_NAME, "handshake rejected");
        }
        if (tls == null || tls.context() == null) {
            // nginx switches to the server's context only when it has one
            tls = servers.of(selector.defaultServer());
        }
        if (tls == null || tls.context() == null || tls.rejectHandshake()) {
            return reject(ctx, UNRECOGNIZED_NAME, "handshake rejected");
        }
        chosen = tls;
        watch.chosen(hostname, matched, tls);
        return ctx.executor().newSucceededFuture(tls.context());
    }

    private Future<SslContext> reject(ChannelHandlerContext ctx, byte[] alert, String message) {
        watch.log(ctx, message + " while SSL handshaking");
        ctx.writeAndFlush(Unpooled.wrappedBuffer(alert)).addListener(ChannelFutureListener.CLOSE);
        return ctx.executor().newFailedFuture(new HandshakeWatch.HandshakeRejected());
    }

    @Override protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
        SslHandler handler = context.newHandler(allocator);
        // the connection's client_header_timeout bounds the handshake, as nginx's post_accept_timeout
        handler.setHandshakeTimeoutMillis(0);
        if (chosen != null) {
            handler.setWrapDataSize(chosen.bufferSize());
        }
        return handler;
    }
}
