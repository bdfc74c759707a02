package dev.pier.http.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** geo's proxy: X-Forwarded-For walked as nginx 1.22's ngx_http_get_forwarded_addr. */
class ForwardedAddressTest {
    private static final byte[] LOOPBACK = InetText.parse("127.0.0.1");

    private static String resolve(boolean recursive, String... xff) {
        ForwardedAddress f = new ForwardedAddress(List.of(InetText.cidr("127.0.0.0/8"), InetText.cidr("10.0.0.0/8")), recursive);
        byte[] a = f.resolve(LOOPBACK, List.of(xff));
        return java.util.Arrays.toString(a);
    }

    private static String addr(String text) { return java.util.Arrays.toString(InetText.parse(text)); }

    @Test void theLastAddressOfTheLastLine() {
        assertThat(resolve(false, "5.5.5.5, 1.2.3.4")).isEqualTo(addr("1.2.3.4"));
        assertThat(resolve(false, "1.2.3.4, 10.0.0.7")).isEqualTo(addr("10.0.0.7"));
        assertThat(resolve(false, "1.2.3.4", "10.0.0.9")).isEqualTo(addr("10.0.0.9"));
        assertThat(resolve(false, "1.2.3.4,10.0.0.7 , ")).isEqualTo(addr("10.0.0.7"));
        assertThat(resolve(false, "junk")).isEqualTo(addr("127.0.0.1"));
    }

    @Test void recursiveSkipsTrustedAddressesAcrossLines() {
        assertThat(resolve(true, "1.2.3.4, 10.0.0.7")).isEqualTo(addr("1.2.3.4"));
        assertThat(resolve(true, "10.0.0.1, 10.0.0.7")).isEqualTo(addr("10.0.0.1"));
        assertThat(resolve(true, "1.2.3.4", "127.0.0.5, 10.0.0.9")).isEqualTo(addr("1.2.3.4"));
        assertThat(resolve(true, "5.5.5.5", "1.2.3.4, 10.0.0.9")).isEqualTo(addr("1.2.3.4"));
    }

    @Test void addressesWithPorts() {
        assertThat(java.util.Arrays.toString(ForwardedAddress.parseAddrPort("1.2.3.4:8080"))).isEqualTo(addr("1.2.3.4"));
        assertThat(java.util.Arrays.toString(ForwardedAddress.parseAddrPort("[::1]:80"))).isEqualTo(addr("::1"));
        assertThat(ForwardedAddress.parseAddrPort("[::1]")).isNull();
        assertThat(ForwardedAddress.parseAddrPort("1.2.3.4:0")).isNull();
        assertThat(ForwardedAddress.parseAddrPort("1.2.3.4:65536")).isNull();
        assertThat(ForwardedAddress.parseAddrPort("host:80")).isNull();
    }
}
