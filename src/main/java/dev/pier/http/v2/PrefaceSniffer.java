package dev.pier.http.v2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.function.Consumer;

/**
 * Tells HTTP/2 with prior knowledge from HTTP/1.x on a cleartext listener where HTTP/2 is on, as nginx 1.25.1+
 * does: a connection whose first bytes are the client preface ("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", RFC 9113
 * §3.4) becomes HTTP/2, anything else stays HTTP/1.x. At most the 24 bytes of the preface are held; the first
 * byte that differs decides. The bytes read are handed on unchanged to whichever protocol takes the connection.
 */
public final class PrefaceSniffer extends ChannelInboundHandlerAdapter {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();
    private final Consumer<ChannelHandlerContext> toHttp2;
    private ByteBuf held;

    /** {@code toHttp2} turns the pipeline into an HTTP/2 one; it runs before the held bytes go on. */
    public PrefaceSniffer(Consumer<ChannelHandlerContext> toHttp2) {
        this.toHttp2 = toHttp2;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf bytes;
        if (held == null) {
            bytes = in;
        } else {
            held.writeBytes(in);
            in.release();
            bytes = held;
        }
        int n = Math.min(bytes.readableBytes(), PREFACE.readableBytes());
        boolean matches = ByteBufUtil.equals(bytes, bytes.readerIndex(), PREFACE, 0, n);
        if (matches && n < PREFACE.readableBytes()) {
            if (held == null) {
                held = ctx.alloc().buffer(PREFACE.readableBytes());
                held.writeBytes(in);
                in.release();
            }
            ctx.read();   // the connection reads on demand: ask for the rest of the preface
            return;
        }
        held = null;
        if (matches) {
            toHttp2.accept(ctx);
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(bytes);
    }

    @Override public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
