package dev.pier.server;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * {@code worker_connections}: each event loop plays one nginx worker and holds at most that many
 * connections, listening sockets included (nginx gives each listening socket one of the worker's
 * connections). Past it nginx logs "N worker_connections are not enough" at alert and drops the new
 * connection; so does Pier. Counted per loop thread, so no lock or shared counter is touched.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final FastThreadLocal<int[]> OPEN = new FastThreadLocal<>() {
        @Override protected int[] initialValue() { return new int[1]; }
    };

    private final int workerConnections;
    private final int clientConnections;

    ConnectionLimit(int workerConnections, int listeningSockets) {
        this.workerConnections = workerConnections;
        this.clientConnections = workerConnections - listeningSockets;
    }

    @Override public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        int[] open = OPEN.get();
        if (open[0] >= clientConnections) {
            ErrorLog.log(LogLevel.ALERT, workerConnections + " worker_connections are not enough");
            ctx.channel().attr(Counted.KEY).set(Boolean.FALSE);
            ctx.close();
            return;
        }
        open[0]++;
        ctx.channel().attr(Counted.KEY).set(Boolean.TRUE);
        super.channelRegistered(ctx);
    }

    @Override public void channelUnregistered(ChannelHandlerContext ctx) throws Exception {
        if (Boolean.TRUE.equals(ctx.channel().attr(Counted.KEY).getAndSet(Boolean.FALSE))) {
            OPEN.get()[0]--;
        }
        super.channelUnregistered(ctx);
    }

    /** Open connections on the calling event loop (for tests and status pages). */
    static int openOnThisLoop() { return OPEN.get()[0]; }

    private static final class Counted {
        static final io.netty.util.AttributeKey<Boolean> KEY = io.netty.util.AttributeKey.valueOf("pier.counted");
    }
}
