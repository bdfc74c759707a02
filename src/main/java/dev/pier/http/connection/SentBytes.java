package dev.pier.http.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * Counts the bytes the socket accepted, as nginx's {@code c->sent} ({@code $bytes_sent}). It sits next to
 * the socket and gives each buffer or file region a progressive promise: the transport reports every
 * partial write to it, so a response cut short counts exactly what left, as nginx logs it. On a TLS
 * connection it sits above the TLS handler and counts plain bytes whole writes at a time, as nginx counts
 * what SSL_write took.
 */
public final class SentBytes extends ChannelOutboundHandlerAdapter {
    private long total;

    /** Bytes accepted by the socket on this connection so far; read on the event loop. */
    public long total() { return total; }

    @Override public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean counted = msg instanceof ByteBuf b ? b.isReadable() : msg instanceof FileRegion r && r.count() > 0;
        if (!counted) {
            ctx.write(msg, promise);
            return;
        }
        var progress = ctx.newProgressivePromise();
        progress.addListener(new Progress(promise, msg instanceof ByteBuf b ? b.readableBytes() : ((FileRegion) msg).count()));
        ctx.write(msg, progress);
    }

    private final class Progress implements ChannelProgressiveFutureListener {
        private final ChannelPromise original;
        private final long size;
        private long seen;

        Progress(ChannelPromise original, long size) {
            this.original = original;
            this.size = size;
        }

        @Override public void operationProgressed(ChannelProgressiveFuture future, long progress, long ofTotal) {
            total += progress - seen;
            seen = progress;
        }

        @Override public void operationComplete(ChannelProgressiveFuture future) {
            if (future.isSuccess()) {
                // behind TLS no partial progress is reported (the TLS handler completes the write whole): count it now
                total += size - seen;
                seen = size;
                original.trySuccess();
            } else {
                original.tryFailure(future.cause());
            }
        }
    }
}
