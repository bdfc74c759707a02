package dev.pier.http.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * nginx's lingering close (ngx_http_set_lingering_close): the response is out, the output side is shut
 * down, and whatever the client still sends is read and dropped, for at most {@code lingering_timeout}
 * between reads and {@code lingering_time} in all, so that the client reads the response instead of a
 * reset caused by closing a socket with unread data. Sits first in the pipeline so the decoder sees nothing.
 */
public final class LingeringDrain extends ChannelInboundHandlerAdapter {
    private final long timeoutMillis;
    private final long endNanos;
    private ScheduledFuture<?> timer;

    private LingeringDrain(long timeMillis, long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.endNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeMillis);
    }

    /** Starts lingering on {@code ch} once all writes queued so far are sent; call on its event loop. */
    public static void start(Channel ch, long timeMillis, long timeoutMillis) {
        if (!(ch instanceof DuplexChannel duplex) || !ch.isActive() || timeMillis <= 0 || timeoutMillis <= 0) {
            ch.close();
            return;
        }
        LingeringDrain drain = new LingeringDrain(timeMillis, timeoutMillis);
        ch.pipeline().addFirst("lingering", drain);
        ch.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (!f.isSuccess()) {
                ch.close();
                return;
            }
            duplex.shutdownOutput().addListener(s -> {
                if (!s.isSuccess()) {
                    ch.close();
                    return;
                }
                ch.config().setAutoRead(true);
                ch.read();
            });
        });
    }

    @Override public void handlerAdded(ChannelHandlerContext ctx) { rearm(ctx); }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        rearm(ctx);
    }

    @Override public void channelReadComplete(ChannelHandlerContext ctx) { }

    @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // end of input (half closure) or anything else: lingering is over
        ReferenceCountUtil.release(evt);
        ctx.close();
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { ctx.close(); }

    @Override public void channelInactive(ChannelHandlerContext ctx) { cancel(); }

    @Override public void handlerRemoved(ChannelHandlerContext ctx) { cancel(); }

    private void rearm(ChannelHandlerContext ctx) {
        cancel();
        long left = TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime());
        if (left <= 0) {
            ctx.close();
            return;
        }
        timer = ctx.executor().schedule(() -> {
            timer = null;
            ctx.close();
        }, Math.min(left, timeoutMillis), TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
