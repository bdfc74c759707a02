package dev.pier.upstream.health;

import dev.pier.config.PierConfig;
import dev.pier.server.LiveService;
import dev.pier.upstream.UpstreamPeer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The active health checks of one loaded configuration (a part of its {@link dev.pier.config.LoadResult}):
 * they probe while the configuration is live — {@code PierServer} starts them before the configuration
 * takes requests and stops them when a reload replaces it or the server stops — and they answer the status
 * view ({@link #peers}) that status pages and metrics read.
 */
public final class HealthChecks implements LiveService {
    private static final HealthChecks NONE = new HealthChecks();

    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private boolean live;

    /** The health checks of {@code config}; an empty set when it has none. */
    public static HealthChecks of(PierConfig config) {
        HealthChecks h = config.part(HealthChecks.class);
        return h == null ? NONE : h;
    }

    /** Adds a check of the configuration being loaded. */
    public void add(HealthCheck check) {
        checks.add(check);
    }

    public List<HealthCheck> checks() { return List.copyOf(checks); }

    /** Every peer of every check, as each check sees it now. */
    public List<PeerStatus> peers() {
        List<PeerStatus> out = new ArrayList<>();
        for (HealthCheck c : checks) {
            for (PeerHealth p : c.peers()) {
                out.add(p.status());
            }
        }
        return out;
    }

    @Override public synchronized void start(EventLoopGroup loops, LiveService replaced) {
        if (live || this == NONE) {
            return;
        }
        live = true;
        if (replaced instanceof HealthChecks before) {
            carryOver(before);
        }
        for (HealthCheck c : checks) {
            c.start(loops);
        }
    }

    /**
     * {@code mandatory persistent}: a peer starts healthy after a reload when every check of the replaced
     * configuration on the same group and peer (by name) held it healthy.
     */
    private void carryOver(HealthChecks before) {
        for (HealthCheck c : checks) {
            if (!c.spec().persistent()) {
                continue;
            }
            for (PeerHealth p : c.peers()) {
                boolean seen = false;
                boolean healthy = true;
                for (HealthCheck old : before.checks) {
                    if (!old.upstream().name().equals(c.upstream().name())) {
                        continue;
                    }
                    for (PeerHealth o : old.peers()) {
                        if (o.peer().name().equals(p.peer().name())) {
                            seen = true;
                            healthy &= o.state() == PeerHealth.State.HEALTHY;
                        }
                    }
                }
                if (seen && healthy) {
                    p.assumeHealthy();
                }
            }
        }
    }

    /** Stops every probe, and returns once no probe of these checks can run (called from the control thread). */
    @Override public synchronized void stop() {
        if (!live) {
            return;
        }
        live = false;
        List<Future<?>> pending = new ArrayList<>();
        for (HealthCheck c : checks) {
            pending.addAll(c.stop());
        }
        for (Future<?> f : pending) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
