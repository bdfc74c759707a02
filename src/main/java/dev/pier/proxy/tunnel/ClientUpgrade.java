package dev.pier.proxy.tunnel;

import dev.pier.http.HttpConnectionHandler;
import dev.pier.http.HttpExchange;
import dev.pier.http.codec.Http1RequestDecoder;
import dev.pier.http.connection.ReadActivity;
import dev.pier.http.connection.ReadOnDemand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Takes a client connection off HTTP once the response to its request switched protocols, so that only
 * raw bytes flow: what nginx's {@code ngx_http_upstream_upgrade} does to the client side.
 *
 * <p>The pipeline {@code PierServer} builds is {@code sent → limit → activity → decoder → flow → encoder →
 * http}; after {@link #detach} it is {@code sent → limit}: {@code SentBytes} stays so {@code $bytes_sent}
 * counts what the tunnel sends (nginx logs an upgraded request with all bytes sent on it), and the
 * connection limit stays counted until the connection closes.
 */
public final class ClientUpgrade {
    private ClientUpgrade() { }

    /**
     * Detaches the connection of {@code exchange}, whose 101 head has been written (through
     * {@link HttpExchange#writeHead}). Must run on the connection's event loop. The request is logged when
     * the connection closes. Returns the bytes the client sent after the request head and body, owned by the
     * caller (the tunnel's {@code leftoverFromClient}); empty when none, null when the request is no longer
     * the connection's current one (it ended or the connection is closing: nothing was changed then).
     *
     * <p>These bytes are the decoder's unread input, held undecoded since the request carried
     * {@code Upgrade}, after any parts of the request's own body still waiting to be handed over (a
     * WebSocket handshake has none; a chunked body's parts would come de-chunked).
     */
    public static ByteBuf detach(HttpExchange exchange) {
        var ctx = exchange.channelContext();
        if (!ctx.executor().inEventLoop()) {
            throw new IllegalStateException("ClientUpgrade.detach must run on the connection's event loop");
        }
        ChannelPipeline p = ctx.pipeline();
        HttpConnectionHandler http = p.get(HttpConnectionHandler.class);
        if (http == null || !http.switchProtocols(exchange)) {
            return null;
        }
        ctx.flush();   // the 101 head leaves through the encoder before it goes
        CompositeByteBuf unread = ctx.alloc().compositeBuffer();
        try {
            ReadOnDemand flow = p.get(ReadOnDemand.class);
            if (flow != null) {
                flow.takeWaiting(msg -> {
                    if (msg instanceof HttpContent c && c.content().isReadable()) {
                        unread.addComponent(true, c.content().retain());
                    }
                    ReferenceCountUtil.release(msg);
                });
            }
            Http1RequestDecoder decoder = p.get(Http1RequestDecoder.class);
            if (decoder != null) {
                ByteBuf rest = decoder.takeUnread();
                if (rest.isReadable()) {
                    unread.addComponent(true, rest);
                } else {
                    rest.release();
                }
            }
            remove(p, http);
            remove(p, p.get(HttpResponseEncoder.class));
            remove(p, p.get(dev.pier.http.connection.Http09ResponseEncoder.class));
            remove(p, flow);
            remove(p, decoder);
            remove(p, p.get(ReadActivity.class));
        } catch (RuntimeException e) {
            unread.release();
            throw e;
        }
        if (unread.numComponents() == 1) {
            ByteBuf only = unread.component(0).retain();
            unread.release();
            return only;
        }
        return unread;
    }

    private static void remove(ChannelPipeline p, ChannelHandler h) {
        if (h != null && p.context(h) != null) {
            p.remove(h);
        }
    }
}
