package dev.pier.proxy.resolve;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real DNS server on 127.0.0.1 UDP for the resolver tests: answers A and AAAA questions from a table,
 * NXDOMAIN for names it does not know, nothing at all for names it is told to ignore, and counts the
 * questions it receives per name and type.
 */
final class TestDnsServer implements AutoCloseable {
    private record Entry(List<InetAddress> addresses, int ttl) { }

    private final Map<String, Entry> names = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final Set<String> servfail = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final Channel channel;

    TestDnsServer(EventLoopGroup group) throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Answerer());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    InetSocketAddress address() { return (InetSocketAddress) channel.localAddress(); }

    /** {@code name} answers these addresses (A for IPv4 ones, AAAA for IPv6 ones) with this TTL. */
    TestDnsServer add(String name, int ttl, String... addresses) {
        List<InetAddress> list = java.util.Arrays.stream(addresses).map(a -> io.netty.util.NetUtil.createInetAddressFromIpAddressString(a)).toList();
        names.put(name.toLowerCase() + ".", new Entry(list, ttl));
        return this;
    }

    /** Questions for {@code name} get no answer at all. */
    TestDnsServer silent(String name) {
        silent.add(name.toLowerCase() + ".");
        return this;
    }

    /** Questions for {@code name} get SERVFAIL. */
    TestDnsServer serverFailure(String name) {
        servfail.add(name.toLowerCase() + ".");
        return this;
    }

    /** Questions received for {@code name} of {@code type} ("A", "AAAA"). */
    int queries(String name, String type) {
        AtomicInteger n = queries.get(name.toLowerCase() + ". " + type);
        return n == null ? 0 : n.get();
    }

    @Override public void close() {
        channel.close().syncUninterruptibly();
    }

    private final class Answerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion q = query.recordAt(DnsSection.QUESTION);
            String name = q.name().toLowerCase();
            queries.computeIfAbsent(name + " " + q.type().name(), k -> new AtomicInteger()).incrementAndGet();
            if (silent.contains(name)) {
                return;
            }
            DatagramDnsResponse r = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            r.setRecursionAvailable(true);
            r.addRecord(DnsSection.QUESTION, q);
            Entry e = names.get(name);
            if (servfail.contains(name)) {
                r.setCode(DnsResponseCode.SERVFAIL);
            } else if (e == null) {
                r.setCode(DnsResponseCode.NXDOMAIN);
            } else {
                for (InetAddress a : e.addresses()) {
                    boolean v4 = a instanceof Inet4Address;
                    if (v4 && q.type() == DnsRecordType.A || !v4 && q.type() == DnsRecordType.AAAA) {
                        r.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(q.name(), q.type(), e.ttl(),
                                Unpooled.wrappedBuffer(a.getAddress())));
                    }
                }
            }
            ctx.writeAndFlush(r);
        }
    }
}
