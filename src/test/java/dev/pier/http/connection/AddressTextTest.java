package dev.pier.http.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses printed as nginx's ngx_inet6_ntop prints them. */
class AddressTextTest {
    @ParameterizedTest
    @CsvSource({
        "1.2.3.4, 1.2.3.4",
        "::1, ::1",
        "::, ::",
        "2001:db8::1, 2001:db8::1",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "1:0:0:1:0:0:0:1, 1:0:0:1::1",
        "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
        "1::, 1::",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::1.2.3.4, ::1.2.3.4",
        "::102, ::0.0.1.2",
        "FE80::ABCD, fe80::abcd",
    })
    void printsAsNginx(String address, String expected) throws Exception {
        byte[] bytes = address.contains(":") ? ipv6(address) : InetAddress.getByName(address).getAddress();
        assertThat(AddressText.of(bytes)).isEqualTo(expected);
    }

    /** 16 bytes even for a mapped address (InetAddress would give 4). */
    private static byte[] ipv6(String text) throws Exception {
        byte[] b = InetAddress.getByName(text).getAddress();
        if (b.length == 16) {
            return b;
        }
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(b, 0, out, 12, 4);
        return out;
    }
}
