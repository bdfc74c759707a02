package dev.pier.http.connection;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Hands the decoder's messages to the connection one per {@code read()}, with the channel's autoRead off:
 * what one socket read decoded waits here (a few messages at most) and the socket is read again only when
 * the connection asks and nothing is waiting. Pipelined requests so wait their turn without an unbounded
 * queue. A read asked for while a message is being handed over is served by the same loop, so a packet of
 * many small requests does not nest calls.
 */
public final class ReadOnDemand extends ChannelDuplexHandler {
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(4);
    private boolean wanted;
    private boolean delivering;

    private boolean inSocketRead;

    /**
     * True when more messages decoded from bytes already received may come without another socket read:
     * some wait here, or the decoder is still working through the current read (its end is channelReadComplete).
     */
    public boolean moreAlreadyReceived() { return inSocketRead || !waiting.isEmpty(); }

    @Override public void channelReadComplete(ChannelHandlerContext ctx) {
        inSocketRead = false;
        ctx.fireChannelReadComplete();
    }

    @Override public void read(ChannelHandlerContext ctx) {
        wanted = true;
        if (delivering) {
            return;
        }
        if (waiting.isEmpty()) {
            ctx.read();
        } else {
            deliver(ctx);
        }
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inSocketRead = true;
        waiting.add(msg);
        if (!delivering) {
            deliver(ctx);
        }
    }

    private void deliver(ChannelHandlerContext ctx) {
        delivering = true;
        try {
            Object msg;
            while (wanted && (msg = waiting.poll()) != null) {
                wanted = false;
                ctx.fireChannelRead(msg);
            }
        } finally {
            delivering = false;
        }
        if (wanted && waiting.isEmpty() && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    /** For a switch of protocols: hands the messages waiting, in order, to {@code to}, which owns them then. */
    public void takeWaiting(java.util.function.Consumer<Object> to) {
        Object msg;
        while ((msg = waiting.poll()) != null) {
            to.accept(msg);
        }
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseWaiting();
        super.channelInactive(ctx);
    }

    @Override public void handlerRemoved(ChannelHandlerContext ctx) { releaseWaiting(); }

    private void releaseWaiting() {
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
