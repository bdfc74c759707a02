package dev.pier.proxy.resolve;

import io.netty.channel.EventLoop;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Resolves the host of a {@code proxy_pass} with variables at request time, as nginx's resolver: never
 * blocking, on the caller's event loop (one DNS client per loop, so a request never hops threads), answers
 * cached for {@code valid=} or else the records' TTL, failures after {@code resolver_timeout}. An IP
 * literal is its own answer, with or without a resolver.
 *
 * <p>A location gets its resolver from {@link ResolverModule#resolver}; without a {@code resolver} line it is
 * {@link #NONE}, which fails every name with nginx's {@code no resolver defined to resolve ...}.
 */
public final class ProxyResolver {
    /** A location without {@code resolver}: only IP literals resolve. */
    public static final ProxyResolver NONE = new ProxyResolver(null, 30_000);

    private final NameServers servers;
    private final long timeoutMillis;

    ProxyResolver(NameServers servers, long timeoutMillis) {
        this.servers = servers;
        this.timeoutMillis = Math.max(1, timeoutMillis);
    }

    /** True when a {@code resolver} is configured. */
    public boolean configured() { return servers != null; }

    /** {@code resolver_timeout} in milliseconds. */
    public long timeoutMillis() { return timeoutMillis; }

    /**
     * The addresses of {@code host} (A records first, then AAAA, as asked for by {@code ipv4=}/{@code ipv6=}).
     * The future completes on {@code loop}; a failure's cause is a {@link ResolveFailure} whose message is
     * nginx's error log text (the proxy answers 502). May be called from any thread; the DNS work runs on
     * {@code loop}. {@code host} may be an IP literal, IPv6 with or without brackets.
     */
    public Future<List<InetAddress>> resolve(String host, EventLoop loop) {
        Promise<List<InetAddress>> promise = loop.newPromise();
        InetAddress literal = literal(host);
        if (literal != null) {
            return promise.setSuccess(List.of(literal));
        }
        if (servers == null) {
            return promise.setFailure(ResolveFailure.noResolver(host));
        }
        if (loop.inEventLoop()) {
            start(host, loop, promise);
        } else {
            loop.execute(() -> start(host, loop, promise));
        }
        return promise;
    }

    private void start(String host, EventLoop loop, Promise<List<InetAddress>> promise) {
        DnsNameResolver dns = servers.on(loop);
        // resolver_timeout bounds the whole resolution, whatever the client's retries across servers
        ScheduledFuture<?> timer = loop.schedule(() -> {
            promise.tryFailure(ResolveFailure.timedOut(host));
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        dns.resolveAll(host).addListener((Future<List<InetAddress>> f) -> {
            timer.cancel(false);
            if (f.isSuccess()) {
                List<InetAddress> found = servers.order(f.getNow());
                if (found.isEmpty()) {
                    promise.tryFailure(ResolveFailure.of(host, ResolveFailure.HOST_NOT_FOUND));
                } else {
                    promise.trySuccess(found);
                }
            } else {
                promise.tryFailure(ResolveFailure.from(host, f.cause()));
            }
        });
    }

    private static InetAddress literal(String host) {
        String h = host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                ? host.substring(1, host.length() - 1) : host;
        return NetUtil.createInetAddressFromIpAddressString(h);
    }
}
