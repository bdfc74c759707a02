package dev.pier.http.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the decoder and tells the connection when bytes arrive, before they form a request: nginx
 * switches from keepalive_timeout to client_header_timeout at the first byte of the next request.
 */
public final class ReadActivity extends ChannelInboundHandlerAdapter {
    private final Runnable onBytes;

    public ReadActivity(Runnable onBytes) {
        this.onBytes = onBytes;
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        onBytes.run();
        ctx.fireChannelRead(msg);
    }
}
