package dev.pier.proxy.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ProxyResolver} against a real DNS server on loopback: answers in nginx's order, the cache (a hit
 * sends no query) with the records' TTL or {@code valid=}, {@code ipv6=off}/{@code ipv4=off}, NXDOMAIN and
 * SERVFAIL with nginx's error text, a server that never answers ({@code resolver_timeout}), no resolver,
 * IP literals, and answers delivered on the caller's event loop.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProxyResolverTest {
    private static EventLoopGroup loops;
    private static EventLoopGroup serverLoop;
    private static TestDnsServer dns;

    @BeforeAll static void start() throws InterruptedException {
        loops = new MultiThreadIoEventLoopGroup(2, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        serverLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        dns = new TestDnsServer(serverLoop)
                .add("both.test", 60, "10.0.0.1", "10.0.0.2", "2001:db8::1")
                .add("four.test", 60, "10.0.0.4")
                .add("v4only.test", 60, "10.0.0.5")
                .add("six.test", 60, "2001:db8::6")
                .add("shortttl.test", 1, "10.0.0.7")
                .add("shortttl-valid.test", 1, "10.0.0.8")
                .add("longttl-valid.test", 3600, "10.0.0.9")
                .add("loopcheck.test", 60, "10.0.0.10")
                .add("nov4.test", 60, "2001:db8::9")
                .add("many.test", 60, "10.0.0.11")
                .silent("silent.test")
                .serverFailure("broken.test");
    }

    @AfterAll static void stop() {
        dns.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ProxyResolver resolver(int valid, boolean ipv4, boolean ipv6, long timeoutMillis) {
        return new ProxyResolver(NameServers.of(new ResolverSpec(List.of(dns.address()), valid, ipv4, ipv6)), timeoutMillis);
    }

    private static ProxyResolver resolver() { return resolver(0, true, true, 5000); }

    private static List<String> resolve(ProxyResolver r, String host) throws Exception {
        return r.resolve(host, loops.next()).get(10, TimeUnit.SECONDS).stream().map(InetAddress::getHostAddress).toList();
    }

    private static ResolveFailure failure(ProxyResolver r, String host) throws Exception {
        try {
            r.resolve(host, loops.next()).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (ResolveFailure) e.getCause();
        }
        throw new AssertionError(host + " resolved");
    }

    @Test void aNameResolvesToItsIpv4ThenIpv6Addresses() throws Exception {
        assertThat(resolve(resolver(), "both.test")).containsExactly("10.0.0.1", "10.0.0.2", "2001:db8:0:0:0:0:0:1");
        assertThat(dns.queries("both.test", "A")).isEqualTo(1);
        assertThat(dns.queries("both.test", "AAAA")).isEqualTo(1);
    }

    @Test void aCachedAnswerSendsNoQueryOnThatLoop() throws Exception {
        ProxyResolver r = resolver();
        EventLoop loop = loops.next();
        for (int i = 0; i < 5; i++) {
            assertThat(r.resolve("four.test", loop).get(5, TimeUnit.SECONDS)).hasSize(1);
        }
        assertThat(dns.queries("four.test", "A")).isEqualTo(1);
    }

    @Test void requestsAskingForTheSameNameAtOnceShareOneQuery() throws Exception {
        ProxyResolver r = resolver(0, true, false, 5000);
        EventLoop loop = loops.next();
        List<Future<List<InetAddress>>> all = loop.submit(() -> {
            List<Future<List<InetAddress>>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(r.resolve("many.test", loop));
            }
            return fs;
        }).get(5, TimeUnit.SECONDS);
        for (Future<List<InetAddress>> f : all) {
            assertThat(f.get(5, TimeUnit.SECONDS)).hasSize(1);
        }
        assertThat(dns.queries("many.test", "A")).isEqualTo(1);
    }

    @Test void ipv6OffAsksForNoAaaaRecords() throws Exception {
        assertThat(resolve(resolver(0, true, false, 5000), "v4only.test")).containsExactly("10.0.0.5");
        assertThat(dns.queries("v4only.test", "AAAA")).isZero();
        assertThat(dns.queries("v4only.test", "A")).isEqualTo(1);
    }

    @Test void ipv4OffAsksForAaaaRecordsOnly() throws Exception {
        assertThat(resolve(resolver(0, false, true, 5000), "six.test")).containsExactly("2001:db8:0:0:0:0:0:6");
        assertThat(dns.queries("six.test", "A")).isZero();
    }

    @Test void anAnswerIsTrustedForItsTtl() throws Exception {
        ProxyResolver r = resolver(0, true, false, 5000);
        EventLoop loop = loops.next();
        r.resolve("shortttl.test", loop).get(5, TimeUnit.SECONDS);
        r.resolve("shortttl.test", loop).get(5, TimeUnit.SECONDS);
        assertThat(dns.queries("shortttl.test", "A")).isEqualTo(1);
        Thread.sleep(1300);
        r.resolve("shortttl.test", loop).get(5, TimeUnit.SECONDS);
        assertThat(dns.queries("shortttl.test", "A")).isEqualTo(2);
    }

    @Test void validOverridesTheTtlBothWays() throws Exception {
        ProxyResolver longer = resolver(60, true, false, 5000);
        ProxyResolver shorter = resolver(1, true, false, 5000);
        EventLoop loop = loops.next();
        longer.resolve("shortttl-valid.test", loop).get(5, TimeUnit.SECONDS);
        shorter.resolve("longttl-valid.test", loop).get(5, TimeUnit.SECONDS);
        Thread.sleep(1300);
        longer.resolve("shortttl-valid.test", loop).get(5, TimeUnit.SECONDS);
        shorter.resolve("longttl-valid.test", loop).get(5, TimeUnit.SECONDS);
        assertThat(dns.queries("shortttl-valid.test", "A")).as("valid=60 keeps a 1 s record").isEqualTo(1);
        assertThat(dns.queries("longttl-valid.test", "A")).as("valid=1 drops a 1 h record").isEqualTo(2);
    }

    @Test void anUnknownNameFailsWithNginxsHostNotFound() throws Exception {
        ResolveFailure f = failure(resolver(), "nowhere.test");
        assertThat(f.getMessage()).isEqualTo("nowhere.test could not be resolved (3: Host not found)");
        assertThat(f.code()).isEqualTo(3);
        // as nginx 1.22, a failed name is asked again, not remembered
        failure(resolver(), "nowhere.test");
        assertThat(dns.queries("nowhere.test", "A")).isEqualTo(2);
    }

    @Test void anAnswerWithoutAddressesIsHostNotFoundAsInNginx() throws Exception {
        // NOERROR with no A record (the name has only AAAA, and ipv6=off)
        ResolveFailure f = failure(resolver(0, true, false, 5000), "nov4.test");
        assertThat(f.getMessage()).isEqualTo("nov4.test could not be resolved (3: Host not found)");
        assertThat(dns.queries("nov4.test", "A")).isEqualTo(1);
    }

    @Test void aServerFailureIsNginxsServerFailure() throws Exception {
        ResolveFailure f = failure(resolver(0, true, false, 5000), "broken.test");
        assertThat(f.getMessage()).isEqualTo("broken.test could not be resolved (2: Server failure)");
    }

    @Test void aServerThatNeverAnswersTimesOutAfterResolverTimeout() throws Exception {
        long start = System.nanoTime();
        ResolveFailure f = failure(resolver(0, true, true, 400), "silent.test");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(f.getMessage()).isEqualTo("silent.test could not be resolved (110: Operation timed out)");
        assertThat(ms).isBetween(350L, 3000L);
        // a timeout is not cached: the next request asks again
        int before = dns.queries("silent.test", "A");
        failure(resolver(0, true, true, 200), "silent.test");
        assertThat(dns.queries("silent.test", "A")).isGreaterThan(before);
    }

    @Test void withoutResolverANameFailsAsNginxAndALiteralResolves() throws Exception {
        assertThat(failure(ProxyResolver.NONE, "example.com").getMessage()).isEqualTo("no resolver defined to resolve example.com");
        assertThat(resolve(ProxyResolver.NONE, "127.0.0.1")).containsExactly("127.0.0.1");
        assertThat(resolve(ProxyResolver.NONE, "[::1]")).containsExactly("0:0:0:0:0:0:0:1");
    }

    @Test void anIpLiteralSendsNoQuery() throws Exception {
        assertThat(resolve(resolver(), "10.1.2.3")).containsExactly("10.1.2.3");
        assertThat(dns.queries("10.1.2.3", "A")).isZero();
    }

    @Test void theAnswerComesOnTheCallersLoop() throws Exception {
        EventLoop loop = loops.next();
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        loop.execute(() -> {
            Future<List<InetAddress>> f = resolver().resolve("loopcheck.test", loop);
            f.addListener(x -> onLoop.complete(loop.inEventLoop() && x.isSuccess()));
        });
        assertThat(onLoop.get(5, TimeUnit.SECONDS)).isTrue();
        // asked from another thread, the listener still runs on the loop given
        CompletableFuture<Boolean> fromOutside = new CompletableFuture<>();
        resolver().resolve("loopcheck.test", loop).addListener(x -> fromOutside.complete(loop.inEventLoop()));
        assertThat(fromOutside.get(5, TimeUnit.SECONDS)).isTrue();
    }
}
