package dev.pier.tls;

import dev.pier.http.ConnectionInfo;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Supplier;

/**
 * First of a TLS address's handlers: looks at the connection's first byte as nginx's ngx_http_ssl_handshake
 * does. A TLS record (0x16) or an SSLv2 hello (high bit set) starts the handshake ({@link ServerNameHandler}
 * takes the place of this handler); anything else is read as plain HTTP, which the request path then answers
 * with nginx's 400 "The plain HTTP request was sent to HTTPS port" once the request head is read.
 */
final class TlsDetector extends ChannelInboundHandlerAdapter {
    private final Supplier<ConnectionInfo> connection;
    private final Supplier<ServerNameHandler> handshake;

    TlsDetector(Supplier<ConnectionInfo> connection, Supplier<ServerNameHandler> handshake) {
        this.connection = connection;
        this.handshake = handshake;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || !buf.isReadable()) {
            if (msg instanceof ByteBuf empty) {
                empty.release();
                ctx.read();
                return;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        ConnectionInfo info = connection.get();
        if (info != null) {
            info.tlsPort(true);
        }
        int first = buf.getUnsignedByte(buf.readerIndex());
        if (first == 0x16 || (first & 0x80) != 0) {
            ctx.pipeline().addAfter(ctx.name(), ServerNameHandler.NAME, handshake.get());
        }
        // the bytes go on to whatever follows now; this handler's work is done
        ctx.fireChannelRead(buf);
        ctx.pipeline().remove(this);
    }
}
