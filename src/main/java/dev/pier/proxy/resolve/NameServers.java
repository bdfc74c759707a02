package dev.pier.proxy.resolve;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DefaultDnsCache;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DNS clients of one {@code resolver} line: one Netty {@link DnsNameResolver} per event loop, made on
 * first use there, each with its own cache (nginx keeps one per worker). Lines with the same servers and
 * parameters share them, also across reloads, so a reload opens no new sockets.
 */
final class NameServers {
    private static final Map<ResolverSpec, NameServers> SHARED = new ConcurrentHashMap<>();
    /** nginx resends a query every 5 s (r->resend_timeout), turning to the next server. */
    private static final long RESEND_MILLIS = 5_000;

    private final ResolverSpec spec;
    private final Map<EventLoop, DnsNameResolver> perLoop = new ConcurrentHashMap<>();

    private NameServers(ResolverSpec spec) {
        this.spec = spec;
    }

    static NameServers of(ResolverSpec spec) {
        return SHARED.computeIfAbsent(spec, NameServers::new);
    }

    /** The client of {@code loop}; called on that loop. */
    DnsNameResolver on(EventLoop loop) {
        DnsNameResolver r = perLoop.get(loop);
        if (r == null) {
            r = build(loop);
            perLoop.put(loop, r);
            // a stopped server's loops (tests start many) leave no client behind
            loop.terminationFuture().addListener(f -> perLoop.remove(loop));
        }
        return r;
    }

    /** A's before AAAA's, as nginx lists a name's addresses, and only the families asked for. */
    List<InetAddress> order(List<InetAddress> found) {
        List<InetAddress> out = new ArrayList<>(found.size());
        if (spec.ipv4()) {
            found.stream().filter(a -> a instanceof Inet4Address).forEach(out::add);
        }
        if (spec.ipv6()) {
            found.stream().filter(a -> !(a instanceof Inet4Address)).forEach(out::add);
        }
        return out;
    }

    private DnsNameResolver build(EventLoop loop) {
        int valid = spec.validSeconds();
        DnsNameResolverBuilder b = new DnsNameResolverBuilder(loop)
                // nginx 1.22 asks again for a name that failed (seen with NXDOMAIN and SERVFAIL): no negative cache
                .resolveCache(valid > 0 ? new DefaultDnsCache(valid, valid, 0) : new DefaultDnsCache(0, Integer.MAX_VALUE, 0))
                .nameServerProvider(host -> DnsServerAddresses.rotational(spec.servers()).stream())
                .queryTimeoutMillis(RESEND_MILLIS)
                // requests waiting for the same name share one query, as nginx's waiters on one resolver node
                .consolidateCacheSize(1024)
                .maxQueriesPerResolve(Math.max(4, spec.servers().size() * 2))
                .resolvedAddressTypes(spec.ipv4() && spec.ipv6() ? ResolvedAddressTypes.IPV4_PREFERRED
                        : spec.ipv4() ? ResolvedAddressTypes.IPV4_ONLY : ResolvedAddressTypes.IPV6_ONLY)
                // nginx asks the servers only: no hosts file, no search domains, no EDNS, names as written
                .hostsFileEntriesResolver((host, types) -> null)
                .searchDomains(List.of())
                .ndots(1)
                .optResourceEnabled(false)
                .decodeIdn(false)
                .recursionDesired(true);
        if (loop instanceof IoEventLoop io && Epoll.isAvailable() && io.isCompatible(EpollIoHandle.class)) {
            b.datagramChannelType(EpollDatagramChannel.class);
        } else {
            b.datagramChannelType(NioDatagramChannel.class);
        }
        return b.build();
    }
}
