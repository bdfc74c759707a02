package dev.pier.http.connection;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import java.util.List;

/**
 * The response side of an HTTP/0.9 simple request ({@code GET /}): no status line and no headers, only the
 * body, as nginx answers it. Put in place of the HTTP/1.x encoder for the one request such a connection has.
 */
public final class Http09ResponseEncoder extends MessageToMessageEncoder<HttpObject> {
    @Override protected void encode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) {
        if (msg instanceof HttpContent content) {
            out.add(content.content().retain());
        } else {
            out.add(Unpooled.EMPTY_BUFFER);   // the head: nothing goes on the wire
        }
    }
}
