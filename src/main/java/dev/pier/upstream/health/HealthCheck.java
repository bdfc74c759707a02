package dev.pier.upstream.health;

import dev.pier.upstream.Upstream;
import dev.pier.upstream.UpstreamPeer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code health_check} of one upstream group: a {@link PeerHealth} guard on every peer of the group
 * (added when the configuration loads, so a mandatory peer is held back from the first request), and, while
 * the configuration is live, a {@link ProbeLoop} per peer spread over the event loops.
 */
public final class HealthCheck {
    private final Upstream upstream;
    private final HealthCheckSpec spec;
    private final Match match;
    private final List<PeerHealth> peers;
    private final List<ProbeLoop> running = new ArrayList<>();

    private HealthCheck(Upstream upstream, HealthCheckSpec spec, Match match) {
        this.upstream = upstream;
        this.spec = spec;
        this.match = match;
        List<PeerHealth> list = new ArrayList<>();
        for (UpstreamPeer p : upstream.peers()) {
            list.add(new PeerHealth(this, p));
        }
        this.peers = List.copyOf(list);
    }

    /** Makes the check and guards every peer of {@code upstream} with it. {@code match} null: the default test. */
    public static HealthCheck attach(Upstream upstream, HealthCheckSpec spec, Match match) {
        HealthCheck check = new HealthCheck(upstream, spec, match == null ? Match.DEFAULT : match);
        for (PeerHealth h : check.peers) {
            h.peer().guard(h);
        }
        return check;
    }

    public Upstream upstream() { return upstream; }

    public HealthCheckSpec spec() { return spec; }

    public Match match() { return match; }

    public List<PeerHealth> peers() { return peers; }

    /** The end of nginx Plus's log lines: {@code health check "m" of peer 127.0.0.1:8081 in upstream "b"[, port N]}. */
    String describe(UpstreamPeer peer) {
        return "health check \"" + match.name() + "\" of peer " + peer.name() + " in upstream \"" + upstream.name() + "\""
                + (spec.port() > 0 ? ", port " + spec.port() : "");
    }

    /** Starts probing each peer, on the event loops in turn. */
    synchronized void start(EventLoopGroup loops) {
        for (PeerHealth h : peers) {
            ProbeLoop p = new ProbeLoop(this, h, loops.next());
            running.add(p);
            p.start();
        }
    }

    /** Stops every probe loop; the futures complete when their loops have done so. */
    synchronized List<Future<?>> stop() {
        List<Future<?>> out = new ArrayList<>();
        for (ProbeLoop p : running) {
            try {
                out.add(p.stop());
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the loop is shutting down: nothing of it runs any more
            }
        }
        running.clear();
        return out;
    }
}
