package dev.pier.proxy;

import dev.pier.upstream.Upstream;
import dev.pier.upstream.UpstreamKeepalive;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle upstream connections of one event loop, by group (nginx's keepalive cache, kept per worker): a request
 * takes one to its peer from the loop it runs on, so it never hops threads. At most the group's
 * {@code keepalive} connections stay per loop; the least recently used goes first. An idle connection that
 * the upstream closes, or that sends anything, leaves the pool; so does one idle past keepalive_timeout.
 */
final class UpstreamPool {
    private static final FastThreadLocal<UpstreamPool> POOLS = new FastThreadLocal<>() {
        @Override protected UpstreamPool initialValue() { return new UpstreamPool(); }
    };

    private final Map<Upstream, ArrayDeque<Idle>> idle = new HashMap<>();

    /** The pool of the calling event loop. */
    static UpstreamPool current() { return POOLS.get(); }

    /** An idle connection to {@code peer} of {@code group}, most recently used first; null if none. */
    UpstreamConnection take(Upstream group, SocketAddress peer) {
        ArrayDeque<Idle> list = idle.get(group);
        if (list == null) {
            return null;
        }
        for (Iterator<Idle> it = list.descendingIterator(); it.hasNext(); ) {
            Idle i = it.next();
            if (i.connection.peer.equals(peer)) {
                it.remove();
                i.timer.cancel(false);
                if (i.connection.isActive()) {
                    return i.connection;
                }
                i.connection.close();
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
        ArrayDeque<Idle> list = idle.computeIfAbsent(c.group, g -> new ArrayDeque<>());
        while (list.size() >= keepalive.connections()) {
            Idle oldest = list.pollFirst();
            oldest.timer.cancel(false);
            oldest.connection.close();
        }
        Idle entry = new Idle(c, null);
        ScheduledFuture<?> timer = c.channel.eventLoop().schedule(() -> drop(entry), keepalive.timeoutMillis(), TimeUnit.MILLISECONDS);
        Idle kept = new Idle(c, timer);
        list.addLast(kept);
        c.listener(new UpstreamConnection.Listener() {
            @Override public void upstreamMessage(UpstreamConnection conn, Object msg) {
                // nothing is expected on an idle connection: whatever comes makes it unusable
                ReferenceCountUtil.release(msg);
                drop(kept);
            }

            @Override public void upstreamReadComplete(UpstreamConnection conn) { }

            @Override public void upstreamWritable(UpstreamConnection conn) { }

            @Override public void upstreamClosed(UpstreamConnection conn, Throwable cause) { drop(kept); }
        });
        // the connection keeps reading while it waits here, so a close by the upstream is seen at once
        c.channel.config().setAutoRead(true);
    }

    private void drop(Idle entry) {
        ArrayDeque<Idle> list = idle.get(entry.connection.group);
        if (list != null) {
            list.removeIf(i -> i.connection == entry.connection);
        }
        if (entry.timer != null) {
            entry.timer.cancel(false);
        }
        entry.connection.close();
    }

    /** Idle connections held for {@code group} on this loop (for tests and diagnostics). */
    int idleCount(Upstream group) {
        ArrayDeque<Idle> list = idle.get(group);
        return list == null ? 0 : list.size();
    }

    private record Idle(UpstreamConnection connection, ScheduledFuture<?> timer) { }
}
