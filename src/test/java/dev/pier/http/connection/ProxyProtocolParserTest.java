package dev.pier.http.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** nginx's PROXY protocol reader: v1 and v2 headers, what is broken, what only needs more bytes, the size limit. */
class ProxyProtocolParserTest {
    static final String SIG = "\r\n\r\n\u0000\r\nQUIT\n";
    static final String IPV4 = "\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0004\u0057\u0008\u00ae";   // ports 1111, 2222

    static String v2(int command, int familyTransport, String body) {
        return SIG + (char) (0x20 | command) + (char) familyTransport + (char) (body.length() >> 8) + (char) (body.length() & 0xff) + body;
    }

    private static ProxyProtocolParser.Result parse(String text, int limit, boolean eof) {
        ByteBuf b = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        try {
            return ProxyProtocolParser.parse(b, b.readerIndex(), b.writerIndex(), limit, eof);
        } finally {
            b.release();
        }
    }

    private static ProxyProtocolParser.Result parse(String text) { return parse(text, 1024, false); }

    @Test void v1Tcp4() {
        String h = "PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\n";
        assertThat(parse(h + "GET /")).isEqualTo(new ProxyProtocolParser.Done(h.length(),
                new ProxyProtocolHeader("1.2.3.4", 1111, "5.6.7.8", 2222)));
    }

    @Test void v1Tcp6KeepsTheAddressesAsWritten() {
        String h = "PROXY TCP6 2001:DB8::1 ::2 0 00080\r\n";
        assertThat(parse(h)).isEqualTo(new ProxyProtocolParser.Done(h.length(), new ProxyProtocolHeader("2001:DB8::1", 0, "::2", 80)));
    }

    @Test void v1UnknownSkipsToTheFirstCrLf() {
        assertThat(parse("PROXY UNKNOWN\r\nGET")).isEqualTo(new ProxyProtocolParser.Done(15, null));
        assertThat(parse("PROXY UNKNOWN a\nb\r\nGET")).isEqualTo(new ProxyProtocolParser.Done(19, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET / HTTP/1.1\r\n\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1111\r\nGET / HTTP/1.1\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\nGET",
        "PROXY TCP5 1", "PROXY TCP4 1.2.3.4 5.6.7.8 65536 1\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8  1 2\r\n", "PROXY TCP4 1.2.3.g ",
        "proxy TCP4", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX", "\u0001garbage", "PROXY  TCP4"})
    void v1Broken(String text) {
        assertThat(parse(text)).isEqualTo(ProxyProtocolParser.BROKEN_HEADER);
    }

    /** Every beginning of a valid header waits for more; the same bytes when no more can come are broken, as nginx judges one read. */
    @Test void everyPrefixOfAValidHeaderNeedsMore() {
        for (String h : new String[] {"PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\n", "PROXY UNKNOWN x\r\n", v2(1, 0x11, IPV4)}) {
            for (int n = 1; n < h.length(); n++) {
                String prefix = h.substring(0, n);
                assertThat(parse(prefix)).as(prefix).isEqualTo(ProxyProtocolParser.NEED_MORE);
                assertThat(parse(prefix, 1024, true)).as(prefix).isInstanceOf(ProxyProtocolParser.Broken.class);
            }
        }
    }

    @Test void aV1HeaderLongerThanTheBufferIsBroken() {
        String h = "PROXY TCP4 " + "1".repeat(40);
        assertThat(parse(h, 64, false)).isEqualTo(ProxyProtocolParser.NEED_MORE);
        assertThat(parse(h + "1".repeat(20), 64, false)).isEqualTo(ProxyProtocolParser.BROKEN_HEADER);
    }

    @Test void v2Inet() {
        assertThat(parse(v2(1, 0x11, IPV4) + "GET")).isEqualTo(new ProxyProtocolParser.Done(28,
                new ProxyProtocolHeader("1.2.3.4", 1111, "5.6.7.8", 2222)));
    }

    @Test void v2Inet6PrintsAsNginx() {
        String body = "\u0020\u0001\r\u00b8" + "\u0000".repeat(11) + "\u0001" + "\u0000".repeat(10) + "\u00ff\u00ff\u0009\u0009\u0009\u0009"
                + "\u0000\u0001\u0000\u0002";
        assertThat(parse(v2(1, 0x21, body))).isEqualTo(new ProxyProtocolParser.Done(16 + 36,
                new ProxyProtocolHeader("2001:db8::1", 1, "::ffff:9.9.9.9", 2)));
    }

    @Test void v2TlvsAreSkipped() {
        String body = IPV4 + "\u0001\u0000\u0002h2\u0004\u0000\u0000";
        assertThat(parse(v2(1, 0x11, body))).isEqualTo(new ProxyProtocolParser.Done(16 + body.length(),
                new ProxyProtocolHeader("1.2.3.4", 1111, "5.6.7.8", 2222)));
    }

    @Test void v2WithoutAddressesKeepsNone() {
        assertThat(parse(v2(0, 0x11, IPV4))).isEqualTo(new ProxyProtocolParser.Done(28, null));          // LOCAL
        assertThat(parse(v2(1, 0x00, ""))).isEqualTo(new ProxyProtocolParser.Done(16, null));            // UNSPEC
        assertThat(parse(v2(1, 0x31, "\u0000".repeat(216)))).isEqualTo(new ProxyProtocolParser.Done(232, null)); // UNIX
        assertThat(parse(v2(1, 0x12, IPV4))).isEqualTo(new ProxyProtocolParser.Done(28, null));          // DGRAM
    }

    @Test void v2Errors() {
        assertThat(parse(SIG + "\u0031\u0011\u0000\u000c" + IPV4)).isEqualTo(new ProxyProtocolParser.Broken("unknown PROXY protocol version: 3", false));
        assertThat(parse(SIG + "\u0021\u0011\u0007\u00d0" + IPV4)).isEqualTo(new ProxyProtocolParser.Broken("header is too large", false));
        assertThat(parse(v2(1, 0x11, IPV4.substring(0, 6)))).isEqualTo(new ProxyProtocolParser.Broken(null, true));
        assertThat(parse(v2(1, 0x21, IPV4))).isEqualTo(new ProxyProtocolParser.Broken(null, true));
    }

    @Test void v2SizeLimitIsTheHeaderBuffer() {
        String fits = v2(1, 0x11, IPV4 + "x".repeat(1024 - 28));
        assertThat(parse(fits)).isEqualTo(new ProxyProtocolParser.Done(1024, new ProxyProtocolHeader("1.2.3.4", 1111, "5.6.7.8", 2222)));
        String over = v2(1, 0x11, IPV4 + "x".repeat(1024 - 27));
        assertThat(parse(over.substring(0, 20))).isEqualTo(new ProxyProtocolParser.Broken("header is too large", false));
    }
}
