package dev.pier.server;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.http.connection.Reusable;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code worker_connections}: each event loop plays one nginx worker and holds at most that many
 * connections, counting what nginx counts in it: each listening socket and the worker's channel to its
 * master take one. When none is free nginx first closes idle connections (ngx_drain_connections: the
 * oldest reusable ones, max(min(32, n/8), 1) of them, logging "N worker_connections are not enough, reusing
 * connections" at warn); if none is idle it logs "N worker_connections are not enough" at alert and drops
 * the new one. The set of connections is per loop thread: no lock, no shared counter.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final FastThreadLocal<LinkedHashSet<Channel>> OPEN = new FastThreadLocal<>() {
        @Override protected LinkedHashSet<Channel> initialValue() { return new LinkedHashSet<>(); }
    };

    private final int workerConnections;
    private final int clientConnections;

    ConnectionLimit(int workerConnections, int listeningSockets) {
        this.workerConnections = workerConnections;
        this.clientConnections = Math.max(0, workerConnections - listeningSockets - 1);
    }

    @Override public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        LinkedHashSet<Channel> open = OPEN.get();
        if (open.size() >= clientConnections && !drain(open)) {
            ErrorLog.log(LogLevel.ALERT, workerConnections + " worker_connections are not enough");
            ctx.close();
            return;
        }
        open.add(ctx.channel());
        super.channelRegistered(ctx);
    }

    @Override public void channelUnregistered(ChannelHandlerContext ctx) throws Exception {
        OPEN.get().remove(ctx.channel());
        super.channelUnregistered(ctx);
    }

    /** Closes the oldest idle connections; true if one slot at least is free afterwards. */
    private boolean drain(LinkedHashSet<Channel> open) {
        List<Channel> idle = new ArrayList<>();
        for (Channel c : open) {
            if (Reusable.is(c)) {
                idle.add(c);
            }
        }
        if (idle.isEmpty()) {
            return false;
        }
        ErrorLog.log(LogLevel.WARN, workerConnections + " worker_connections are not enough, reusing connections");
        int n = Math.max(Math.min(32, idle.size() / 8), 1);
        for (int i = 0; i < n; i++) {
            Channel c = idle.get(i);
            open.remove(c);
            c.close();
        }
        return true;
    }
}
