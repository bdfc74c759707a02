package dev.pier.upstream;

import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.variables.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** An {@code upstream} block while it loads: its server lines, balancing method, keepalive and breaker settings. */
final class UpstreamBlock {
    /** The balancing methods, with what nginx's flags let their server lines say. */
    enum Method {
        ROUND_ROBIN(true), LEAST_CONN(true), IP_HASH(false), HASH(false), RANDOM(false), LEAST_TIME(true);

        final boolean allowsBackup;

        Method(boolean allowsBackup) {
            this.allowsBackup = allowsBackup;
        }
    }

    final String name;
    final ConfigDirective directive;
    final Settings settings = new Settings();
    final List<ServerSpec> servers = new ArrayList<>();
    Method method = Method.ROUND_ROBIN;
    /** nginx's peer.init_upstream is set: by a balancing directive or by keepalive ("load balancing method redefined"). */
    boolean methodSet;
    Template hashKey;
    boolean consistent;
    boolean randomTwo;
    boolean lastByte;
    boolean inflight;
    int keepalive;
    long keepaliveTimeoutMillis = -1;
    long keepaliveRequests = -1;
    long keepaliveTimeMillis = -1;
    CircuitBreaker.Spec breaker;

    UpstreamBlock(String name, ConfigDirective directive) {
        this.name = name;
        this.directive = directive;
    }

    boolean hasPrimary() { return servers.stream().anyMatch(s -> !s.backup()); }

    UpstreamKeepalive keepaliveSettings() {
        UpstreamKeepalive d = UpstreamKeepalive.NONE;
        return new UpstreamKeepalive(keepalive,
                keepaliveTimeoutMillis >= 0 ? keepaliveTimeoutMillis : d.timeoutMillis(),
                keepaliveRequests >= 0 ? (int) Math.min(Integer.MAX_VALUE, keepaliveRequests) : d.requests(),
                keepaliveTimeMillis >= 0 ? keepaliveTimeMillis : d.timeMillis());
    }

    /** The group: a peer per resolved address, the ring of {@code hash ... consistent} over the primary lines. */
    UpstreamGroup build(LongSupplier clock) {
        long now = clock.getAsLong();
        List<Peer> peers = new ArrayList<>();
        List<String> ringServers = new ArrayList<>();
        List<Integer> ringWeights = new ArrayList<>();
        for (ServerSpec s : servers) {
            int serverIndex = -1;
            if (!s.backup()) {
                serverIndex = ringServers.size();
                ringServers.add(s.address());
                ringWeights.add(s.weight());
            }
            for (UpstreamAddress.Resolved a : s.addresses()) {
                Peer p = new Peer(a, s, now, breaker == null ? null : new CircuitBreaker(breaker),
                        method == Method.LEAST_TIME ? new ResponseTimes() : null);
                p.serverIndex = serverIndex;
                peers.add(p);
            }
        }
        Balancer balancer = switch (method) {
            case ROUND_ROBIN -> RoundRobin.INSTANCE;
            case LEAST_CONN -> LeastConn.INSTANCE;
            case IP_HASH -> IpHash.INSTANCE;
            case HASH -> consistent ? new ConsistentHash(ringServers, ringWeights) : KeyHash.INSTANCE;
            case RANDOM -> randomTwo ? RandomPick.TWO : RandomPick.ONE;
            case LEAST_TIME -> new LeastTime(inflight);
        };
        return new UpstreamGroup(name, peers, balancer, method == Method.HASH ? hashKey : null, lastByte,
                settings.freeze(), keepaliveSettings(), clock);
    }
}
