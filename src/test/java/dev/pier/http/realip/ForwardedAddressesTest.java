package dev.pier.http.realip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.connection.AddressText;
import dev.pier.http.map.InetText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nginx's forwarded-address walk and address matching, without a server. */
class ForwardedAddressesTest {
    private static final byte[] PEER = {127, 0, 0, 1};

    private static TrustedAddresses trusted(String... networks) {
        return new TrustedAddresses(java.util.Arrays.stream(networks).map(InetText::cidr).toList(), false);
    }

    private static String walk(boolean recursive, List<String> lines, String... networks) {
        ForwardedAddresses f = new ForwardedAddresses(trusted(networks), recursive);
        ForwardedAddresses.Walk w = new ForwardedAddresses.Walk(PEER, 5000);
        ForwardedAddresses.Outcome rc = f.overLines(w, lines);
        return rc + " " + AddressText.of(w.address) + " " + w.port;
    }

    @Test void anUntrustedPeerKeepsItsAddress() {
        assertThat(walk(false, List.of("1.2.3.4"), "10.0.0.0/8")).isEqualTo("DECLINED 127.0.0.1 5000");
    }

    @Test void theLastAddressWithItsPort() {
        assertThat(walk(false, List.of("9.9.9.9, 1.2.3.4:0080"), "127.0.0.1")).isEqualTo("OK 1.2.3.4 80");
        assertThat(walk(false, List.of("[2001:db8::1]:443"), "127.0.0.1")).isEqualTo("OK 2001:db8::1 443");
        assertThat(walk(false, List.of("1.2.3.4:65536"), "127.0.0.1")).isEqualTo("DECLINED 127.0.0.1 5000");
    }

    @Test void recursiveStopsAtTheFirstUntrustedAddress() {
        assertThat(walk(true, List.of("1.1.1.1, 2.2.2.2, 10.0.0.1"), "127.0.0.1", "10.0.0.0/8")).isEqualTo("DONE 2.2.2.2 0");
        assertThat(walk(true, List.of("1.1.1.1", "10.0.0.1:7"), "127.0.0.1", "10.0.0.0/8")).isEqualTo("OK 1.1.1.1 0");
        assertThat(walk(true, List.of("x, 10.0.0.1:7"), "127.0.0.1", "10.0.0.0/8")).isEqualTo("DONE 10.0.0.1 7");
    }

    /** ngx_cidr_match: a mapped address is IPv4 and never matches an IPv6 network. */
    @Test void mappedAddressesAreIpv4() {
        byte[] mapped = InetText.parse("::ffff:10.0.0.1");
        assertThat(trusted("10.0.0.0/8").contains(mapped)).isTrue();
        assertThat(trusted("::/0").contains(mapped)).isFalse();
        assertThat(trusted("::/0").contains(InetText.parse("2001:db8::1"))).isTrue();
        assertThat(new TrustedAddresses(List.of(), true).contains(PEER)).isFalse();
    }
}
