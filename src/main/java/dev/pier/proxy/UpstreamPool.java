package dev.pier.proxy;

import dev.pier.upstream.Upstream;
import dev.pier.upstream.UpstreamKeepalive;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Idle upstream connections of one event loop, by group (nginx's keepalive cache, kept per worker): a request
 * takes one to its peer from the loop it runs on, so it never hops threads. At most the group's
 * {@code keepalive} connections stay per loop; the least recently used goes first. An idle connection that
 * the upstream closes, or that sends anything, leaves the pool; so does one idle past keepalive_timeout.
 */
final class UpstreamPool implements UpstreamConnection.Listener {
    private static final FastThreadLocal<UpstreamPool> POOLS = new FastThreadLocal<>() {
        @Override protected UpstreamPool initialValue() { return new UpstreamPool(); }
    };
    /** What an idle connection's timer waits for: its keepalive_timeout. */
    private static final Object IDLE = "keepalive_timeout";

    private final Map<Upstream, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();

    /** The pool of the calling event loop. */
    static UpstreamPool current() { return POOLS.get(); }

    /** An idle connection to {@code peer} of {@code group}, most recently used first; null if none. */
    UpstreamConnection take(Upstream group, SocketAddress peer) {
        ArrayDeque<UpstreamConnection> list = idle.get(group);
        if (list == null) {
            return null;
        }
        for (Iterator<UpstreamConnection> it = list.descendingIterator(); it.hasNext(); ) {
            UpstreamConnection c = it.next();
            if (c.peer.equals(peer)) {
                it.remove();
                c.disarm();
                c.listener(null);
                if (c.isActive()) {
                    return c;
                }
                c.close();
            }
        }
        return null;
    }

    /** Keeps {@code c} for reuse, or closes it when it has served its keepalive_requests or keepalive_time. */
    void put(UpstreamConnection c, UpstreamKeepalive keepalive) {
        long age = (System.nanoTime() - c.openedNanos) / 1_000_000;
        if (!c.isActive() || c.requests >= keepalive.requests() || age >= keepalive.timeMillis() || keepalive.connections() <= 0) {
            c.close();
            return;
        }
        ArrayDeque<UpstreamConnection> list = idle.get(c.group);
        if (list == null) {
            list = new ArrayDeque<>();
            idle.put(c.group, list);
        }
        while (list.size() >= keepalive.connections()) {
            list.pollFirst().close();
        }
        list.addLast(c);
        c.arm(IDLE, keepalive.timeoutMillis());
        c.listener(this);
        // the connection keeps reading while it waits here, so a close by the upstream is seen at once
        c.channel.config().setAutoRead(true);
    }

    // ---- an idle connection's events ----

    @Override public void upstreamMessage(UpstreamConnection c, Object msg) {
        // nothing is expected on an idle connection: whatever comes makes it unusable
        ReferenceCountUtil.release(msg);
        drop(c);
    }

    @Override public void upstreamReadComplete(UpstreamConnection c) { }

    @Override public void upstreamWritable(UpstreamConnection c) { }

    @Override public void upstreamClosed(UpstreamConnection c, Throwable cause) { drop(c); }

    @Override public void upstreamTimedOut(UpstreamConnection c, Object what) { drop(c); }

    private void drop(UpstreamConnection c) {
        ArrayDeque<UpstreamConnection> list = idle.get(c.group);
        if (list != null) {
            list.remove(c);
        }
        c.close();
    }

    /** Idle connections held for {@code group} on this loop (for tests and diagnostics). */
    int idleCount(Upstream group) {
        ArrayDeque<UpstreamConnection> list = idle.get(group);
        return list == null ? 0 : list.size();
    }
}
