package dev.pier.differential;

/**
 * {@code listen ... proxy_protocol}: PROXY protocol v1 and v2 headers (families, commands, TLVs, sizes) before
 * the request, their variables, realip from them; broken headers close the connection without a response.
 * Every request here is sent in one write, as the header and the request usually come.
 */
final class ProxyProtocolCases {
    private static final String SIG = "\r\n\r\n\u0000\r\nQUIT\n";
    private static final String IPV4 = bytes(1, 2, 3, 4, 5, 6, 7, 8) + port(1111) + port(2222);
    private static final String IPV6 = bytes(0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
            + bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 9, 9, 9, 9) + port(3333) + port(4444);

    private ProxyProtocolCases() { }

    static Scenario scenario() {
        String get = "GET / HTTP/1.1\r\nHost: pp.test\r\n\r\n";
        String rip = "GET / HTTP/1.1\r\nHost: rip.test\r\n\r\n";
        // first, as its answer (none, the connection waits) leaves time for a cold start
        return Scenario.of("proxy-protocol")
                .raw("header alone, no request", "PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\n")
                .raw("v1 TCP4", "PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\n" + get)
                .raw("v1 TCP6", "PROXY TCP6 2001:db8::1 ::2 1 65535\r\n" + get)
                .raw("v1 UNKNOWN", "PROXY UNKNOWN 1.2.3.4 whatever\r\n" + get)
                .raw("v1 UNKNOWN alone", "PROXY UNKNOWN\r\n" + get)
                .raw("v1 addresses as written", "PROXY TCP4 1.2.3.4.5 A:b 0 00080\r\n" + get)
                .raw("v1 HTTP/1.0 request", "PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET / HTTP/1.0\r\n\r\n")
                .pipelined("v1 then two requests", 2, "PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\n" + get + rip)
                .raw("v2 IPv4", v2(1, 0x11, IPV4) + get)
                .raw("v2 IPv4 with TLVs", v2(1, 0x11, IPV4 + "\u0001\u0000\u0002h2\u0004\u0000\u0000") + get)
                .raw("v2 IPv6", v2(1, 0x21, IPV6) + get)
                .raw("v2 LOCAL", v2(0, 0x11, IPV4) + get)
                .raw("v2 UNSPEC", v2(1, 0x00, "") + get)
                .raw("v2 UNIX", v2(1, 0x31, "\u0000".repeat(216)) + get)
                .raw("v2 datagram", v2(1, 0x12, IPV4) + get)
                .raw("v2 command 2", v2(2, 0x11, IPV4) + get)
                .raw("v2 at the buffer's size", v2(1, 0x11, IPV4 + tlv(1024 - 16 - 12 - 3)) + get)
                .raw("realip from v1", "PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\n" + rip)
                .raw("realip from v1 IPv6", "PROXY TCP6 2001:db8::1 ::2 1 2\r\n" + rip)
                .raw("realip from v2 IPv6", v2(1, 0x21, IPV6) + rip)
                .raw("realip from UNKNOWN", "PROXY UNKNOWN\r\n" + rip)
                .raw("realip from an address as written", "PROXY TCP4 1.2.3.4.5 5.6.7.8 1 2\r\n" + rip)
                .raw("realip from an untrusted peer", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\nGET / HTTP/1.1\r\nHost: untrusted.test\r\n\r\n")
                .raw("X-Forwarded-For behind the header", "PROXY TCP4 10.0.0.7 5.6.7.8 1 2\r\nGET / HTTP/1.1\r\nHost: xff.test\r\n"
                        + "X-Forwarded-For: 6.6.6.6, 10.0.0.1\r\n\r\n")
                .raw("broken: no header", get)
                .raw("broken: no destination port", "PROXY TCP4 1.2.3.4 5.6.7.8 1111\r\n" + get)
                .raw("broken: LF alone", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n" + get)
                .raw("broken: TCP5", "PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n" + get)
                .raw("broken: port 65536", "PROXY TCP4 1.2.3.4 5.6.7.8 65536 1\r\n" + get)
                .raw("broken: two spaces", "PROXY TCP4 1.2.3.4 5.6.7.8  1 2\r\n" + get)
                .raw("broken: address with a letter past f", "PROXY TCP4 1.2.3.g 5.6.7.8 1 2\r\n" + get)
                .raw("broken: lowercase proxy", "proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n" + get)
                .raw("broken: binary garbage", "\u0001\u0002\u0003 garbage\r\n\r\n")
                .raw("broken: v2 version 3", SIG + "\u0031\u0011\u0000\u000c" + IPV4 + get)
                .raw("broken: v2 too large", SIG + "\u0021\u0011\u0007\u00d0" + IPV4 + get)
                .raw("broken: v2 over the buffer's size", v2(1, 0x11, IPV4 + tlv(1024 - 16 - 12 - 3 + 1)) + get)
                .raw("broken: v2 address cut short", v2(1, 0x11, IPV4.substring(0, 6)) + get)
                .raw("broken: v2 IPv6 address cut short", v2(1, 0x21, IPV4) + get);
    }

    private static String v2(int command, int familyTransport, String body) {
        return SIG + (char) (0x20 | command) + (char) familyTransport + port(body.length()) + body;
    }

    /** A NOOP TLV whose whole size is {@code size} bytes. */
    private static String tlv(int size) {
        return "\u0004" + port(size - 3) + "x".repeat(size - 3);
    }

    private static String port(int n) {
        return "" + (char) (n >> 8 & 0xff) + (char) (n & 0xff);
    }

    private static String bytes(int... b) {
        StringBuilder sb = new StringBuilder();
        for (int x : b) {
            sb.append((char) x);
        }
        return sb.toString();
    }
}
