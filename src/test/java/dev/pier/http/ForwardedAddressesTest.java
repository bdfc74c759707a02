package dev.pier.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.connection.AddressText;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nginx's forwarded-address walk (realip and geo's proxy) and its trusted-address match, without a server. */
class ForwardedAddressesTest {
    private static final byte[] PEER = {127, 0, 0, 1};

    private static ForwardedAddresses trusted(boolean recursive, String... networks) {
        return new ForwardedAddresses(Arrays.stream(networks).map(InetText::cidr).toList(), recursive);
    }

    private static String walk(boolean recursive, List<String> lines, String... networks) {
        ForwardedAddresses.Walk w = new ForwardedAddresses.Walk(PEER, 5000);
        ForwardedAddresses.Outcome rc = trusted(recursive, networks).overLines(w, lines);
        return rc + " " + AddressText.of(w.address()) + " " + w.port();
    }

    /** geo's use: the address the walk ends at, the outcome and port ignored. */
    private static String geo(boolean recursive, String... xff) {
        ForwardedAddresses.Walk w = new ForwardedAddresses.Walk(PEER, 0);
        trusted(recursive, "127.0.0.0/8", "10.0.0.0/8").overLines(w, List.of(xff));
        return AddressText.of(w.address());
    }

    private static String parsed(String text) {
        int[] port = {-1};
        byte[] a = ForwardedAddresses.parseAddrPort(text, port);
        return a == null ? null : AddressText.of(a) + " " + port[0];
    }

    @Test void anUntrustedPeerKeepsItsAddress() {
        assertThat(walk(false, List.of("1.2.3.4"), "10.0.0.0/8")).isEqualTo("DECLINED 127.0.0.1 5000");
    }

    @Test void theLastAddressWithItsPort() {
        assertThat(walk(false, List.of("9.9.9.9, 1.2.3.4:0080"), "127.0.0.1")).isEqualTo("OK 1.2.3.4 80");
        assertThat(walk(false, List.of("[2001:db8::1]:443"), "127.0.0.1")).isEqualTo("OK 2001:db8::1 443");
        assertThat(walk(false, List.of("1.2.3.4:65536"), "127.0.0.1")).isEqualTo("DECLINED 127.0.0.1 5000");
    }

    @Test void theLastAddressOfTheLastLine() {
        assertThat(geo(false, "5.5.5.5, 1.2.3.4")).isEqualTo("1.2.3.4");
        assertThat(geo(false, "1.2.3.4, 10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(geo(false, "1.2.3.4", "10.0.0.9")).isEqualTo("10.0.0.9");
        assertThat(geo(false, "1.2.3.4,10.0.0.7 , ")).isEqualTo("10.0.0.7");
        assertThat(geo(false, "junk")).isEqualTo("127.0.0.1");
    }

    @Test void recursiveStopsAtTheFirstUntrustedAddress() {
        assertThat(walk(true, List.of("1.1.1.1, 2.2.2.2, 10.0.0.1"), "127.0.0.1", "10.0.0.0/8")).isEqualTo("DONE 2.2.2.2 0");
        assertThat(walk(true, List.of("1.1.1.1", "10.0.0.1:7"), "127.0.0.1", "10.0.0.0/8")).isEqualTo("OK 1.1.1.1 0");
        assertThat(walk(true, List.of("x, 10.0.0.1:7"), "127.0.0.1", "10.0.0.0/8")).isEqualTo("DONE 10.0.0.1 7");
    }

    @Test void recursiveSkipsTrustedAddressesAcrossLines() {
        assertThat(geo(true, "1.2.3.4, 10.0.0.7")).isEqualTo("1.2.3.4");
        assertThat(geo(true, "10.0.0.1, 10.0.0.7")).isEqualTo("10.0.0.1");
        assertThat(geo(true, "1.2.3.4", "127.0.0.5, 10.0.0.9")).isEqualTo("1.2.3.4");
        assertThat(geo(true, "5.5.5.5", "1.2.3.4, 10.0.0.9")).isEqualTo("1.2.3.4");
    }

    @Test void addressesWithPorts() {
        assertThat(parsed("1.2.3.4:8080")).isEqualTo("1.2.3.4 8080");
        assertThat(parsed("[::1]:80")).isEqualTo("::1 80");
        assertThat(parsed("1.2.3.4:000080")).isEqualTo("1.2.3.4 80");   // ngx_atoi takes leading zeros
        assertThat(parsed("1.2.3.4")).isEqualTo("1.2.3.4 0");
        assertThat(parsed("[::1]")).isNull();
        assertThat(parsed("1.2.3.4:0")).isNull();
        assertThat(parsed("1.2.3.4:65536")).isNull();
        assertThat(parsed("1.2.3.4:")).isNull();
        assertThat(parsed("host:80")).isNull();
    }

    /**
     * ngx_cidr_match takes ::ffff:a.b.c.d as the IPv4 address a.b.c.d, so it matches IPv4 networks and no IPv6
     * network, not even ::/0 or ::ffff:0:0/96 (nginx 1.22 does so for realip and geo's proxy alike).
     */
    @Test void aMappedAddressIsTrustedByIpv4NetworksOnly() {
        byte[] mapped = InetText.parse("::ffff:10.0.0.1");
        assertThat(trusted(false, "10.0.0.0/8").trusts(mapped)).isTrue();
        assertThat(trusted(false, "::/0").trusts(mapped)).isFalse();
        assertThat(trusted(false, "::ffff:0:0/96").trusts(mapped)).isFalse();
        assertThat(trusted(false, "::/0").trusts(InetText.parse("2001:db8::1"))).isTrue();
        assertThat(trusted(false, "::/0").trusts(PEER)).isFalse();
        // the walk: a mapped address met on the way stops a recursive walk unless an IPv4 network trusts it
        assertThat(walk(true, List.of("5.5.5.5, ::ffff:10.0.0.1"), "127.0.0.1", "::/0", "::ffff:0:0/96"))
                .isEqualTo("DONE ::ffff:10.0.0.1 0");
        assertThat(walk(true, List.of("5.5.5.5, ::ffff:10.0.0.1"), "127.0.0.1", "10.0.0.0/8")).isEqualTo("OK 5.5.5.5 0");
    }
}
