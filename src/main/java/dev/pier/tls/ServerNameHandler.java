package dev.pier.tls;

import dev.pier.http.ServerNameMatch;
import dev.pier.http.ServerSelector;
import dev.pier.http.VirtualServer;
import dev.pier.http.codec.HostValidator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.List;

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
    /** The first record is not a ClientHello: no SNI to read, the default server's context fails it as OpenSSL would. */
    private boolean notAClientHello;
    private boolean rejected;

    ServerNameHandler(TlsServers servers, ServerSelector selector, HandshakeWatch watch) {
        super((io.netty.util.Mapping<String, SslContext>) name -> null, 0, 0L);
        this.servers = servers;
        this.selector = selector;
        this.watch = watch;
    }

    @Override protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        // a TLS record (22, version 3.x) whose first handshake message is not a ClientHello (type 1)
        int at = in.readerIndex();
        if (in.readableBytes() >= 6 && in.getUnsignedByte(at) == 0x16
                && (in.getUnsignedByte(at + 1) != 3 || in.getUnsignedByte(at + 5) != 1)) {
            notAClientHello = true;
        }
        super.decode(ctx, in, out);
    }

    @Override protected Future<SslContext> lookup(ChannelHandlerContext ctx, String hostname) {
        if (rejected) {
            return ctx.executor().newFailedFuture(new HandshakeWatch.HandshakeRejected());
        }
        if (notAClientHello) {
            ServerTls fallback = servers.of(selector.defaultServer());
            if (fallback != null && fallback.context() != null) {
                chosen = fallback;
                watch.chosen(null, null, fallback);
                return ctx.executor().newSucceededFuture(fallback.context());
            }
        }
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
        rejected = true;
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
            if (chosen.ocspResponse() != null && handler.engine() instanceof ReferenceCountedOpenSslEngine openssl) {
                // BoringSSL sends it only to a client that asked (status_request), as nginx's stapling
                openssl.setOcspResponse(chosen.ocspResponse());
            }
        }
        return handler;
    }
}
