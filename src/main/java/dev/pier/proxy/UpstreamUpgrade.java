package dev.pier.proxy;

import dev.pier.core.LogLevel;
import dev.pier.http.ConnectionLimitsModule;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;
import dev.pier.proxy.tunnel.ClientUpgrade;
import dev.pier.proxy.tunnel.Tunnel;
import dev.pier.upstream.AttemptResult;
import dev.pier.upstream.PeerSelection;
import dev.pier.upstream.UpstreamPeer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;

/**
 * The upstream answered {@code 101 Switching Protocols} to a request that asked for an upgrade: the rest of
 * nginx's {@code ngx_http_upstream_upgrade}. Bytes the upstream sent after its head are kept while the read
 * that brought them completes; then, in one task on the client's event loop, both connections leave HTTP and
 * a {@link Tunnel} joins them. The upstream connection never goes back to the pool, and the peer stays
 * taken (max_conns, least_conn) until the tunnel ends, when nginx finalizes the request and frees it.
 */
final class UpstreamUpgrade {
    private final HttpExchange ex;
    private final ProxyLocation conf;
    private final UpstreamConnection conn;
    private final UpstreamState.Attempt attempt;
    private final long attemptStart;
    private final CompositeByteBuf early;

    UpstreamUpgrade(HttpExchange ex, ProxyLocation conf, UpstreamConnection conn, UpstreamState.Attempt attempt, long attemptStart) {
        this.ex = ex;
        this.conf = conf;
        this.conn = conn;
        this.attempt = attempt;
        this.attemptStart = attemptStart;
        this.early = conn.channel.alloc().compositeBuffer();
        // nothing more is read until the tunnel reads on demand
        conn.channel.config().setAutoRead(false);
    }

    /** nginx's condition for a tunnel: the 101 answers a request that carried Upgrade. */
    static boolean wanted(HttpExchange ex, int status) {
        return status == 101 && ex.request().headers().contains(io.netty.handler.codec.http.HttpHeaderNames.UPGRADE);
    }

    /** What the upstream's decoder passed on after the 101 head: the new protocol's first bytes. */
    void add(Object msg) {
        if (msg instanceof ByteBuf b && b.isReadable()) {
            early.addComponent(true, b);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The switch does not happen (the attempt failed before the read that brought the 101 completed). */
    void release() {
        early.release();
    }

    /**
     * Detaches the client (whose 101 head has been written) and the upstream from HTTP and joins them.
     * Returns false, having closed the upstream and ended the attempt, when the client connection is no
     * longer there to switch.
     */
    boolean join(PeerSelection selection, UpstreamPeer peer, String upstreamUrl) {
        Channel client = ex.channelContext().channel();
        // the access log runs when the client connection closes (detach arranges it): what the tunnel carried
        // must be counted before, so this listener goes first
        io.netty.channel.ChannelFutureListener accountOnClose = f -> account();
        client.closeFuture().addListener(accountOnClose);
        ByteBuf fromClient = ClientUpgrade.detach(ex);
        if (fromClient == null) {
            client.closeFuture().removeListener(accountOnClose);
            early.release();
            conn.close();
            selection.done(peer, AttemptResult.OK, attempt.headerNanos, -1);
            return false;
        }
        ByteBuf fromUpstream = conn.leaveHttp(early);
        Tunnel.Timeouts timeouts = new Tunnel.Timeouts(conf.readTimeout(), conf.sendTimeout(),
                ex.settings().get(ConnectionLimitsModule.SEND_TIMEOUT));
        Tunnel.join(client, conn.channel, fromClient, fromUpstream, timeouts, tunnel -> {
            account();
            String text = tunnel.errorLogText();
            if (text != null) {
                // nginx: timeouts and the client's socket errors at info, the upstream's at error
                LogLevel level = tunnel.end() == Tunnel.End.UPSTREAM_FAILED ? LogLevel.ERROR : LogLevel.INFO;
                RequestLog.log(level, ex, text, upstreamUrl);
            }
            selection.done(peer, AttemptResult.OK, attempt.headerNanos, attempt.responseNanos);
        });
        return true;
    }

    /** $upstream_bytes_received/_sent and $upstream_response_time cover the whole tunnel, as nginx's. */
    private void account() {
        attempt.bytesReceived = conn.received;
        attempt.bytesSent = conn.sent;
        attempt.responseNanos = System.nanoTime() - attemptStart;
    }
}
