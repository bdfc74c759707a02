package dev.pier.http;

import java.util.List;

/**
 * nginx 1.22's ngx_http_get_forwarded_addr, which realip ({@code set_real_ip_from}, {@code real_ip_recursive})
 * and geo ({@code proxy}, {@code proxy_recursive}) share: while the address in hand is a trusted proxy, the
 * last address of the header value replaces it (a port with it: "1.2.3.4:80", "[::1]:80"); with
 * {@code recursive}, the walk goes on leftwards, and over X-Forwarded-For lines from the last to the first, as
 * long as each address found is trusted too.
 */
public final class ForwardedAddresses {
    /** nginx's answers: the address was not replaced, replaced, or replaced and the walk stopped early. */
    public enum Outcome { DECLINED, OK, DONE }

    /** The walk's state: the address in hand (4 or 16 bytes) and its port (0: none given). */
    public static final class Walk {
        private byte[] address;
        private int port;

        public Walk(byte[] address, int port) {
            this.address = address;
            this.port = port;
        }

        public byte[] address() { return address; }

        public int port() { return port; }
    }

    private final List<InetText.Cidr> trusted;
    private final boolean recursive;

    public ForwardedAddresses(List<InetText.Cidr> trusted, boolean recursive) {
        this.trusted = List.copyOf(trusted);
        this.recursive = recursive;
    }

    /** Over the lines of X-Forwarded-For, last first. */
    public Outcome overLines(Walk walk, List<String> lines) {
        Outcome rc = Outcome.DECLINED;
        boolean found = false;
        for (int i = lines.size() - 1; i >= 0; i--) {
            rc = overValue(walk, lines.get(i));
            if (!recursive) {
                break;
            }
            if (rc == Outcome.DECLINED && found) {
                rc = Outcome.DONE;
                break;
            }
            if (rc != Outcome.OK) {
                break;
            }
            found = true;
        }
        return rc;
    }

    /** Over one header value (X-Real-IP, another header, the PROXY protocol's source address). */
    public Outcome overValue(Walk walk, String value) {
        return internal(walk, value, value.length());
    }

    /** ngx_http_get_forwarded_addr_internal over {@code value[0, len)}. */
    private Outcome internal(Walk walk, String value, int len) {
        if (!trusts(walk.address)) {
            return Outcome.DECLINED;
        }
        int end = len;
        int p = len - 1;
        // trailing spaces and commas
        for (; p > 0; p--, end--) {
            char c = value.charAt(p);
            if (c != ' ' && c != ',') {
                break;
            }
        }
        for (; p > 0; p--) {
            char c = value.charAt(p);
            if (c == ' ' || c == ',') {
                p++;
                break;
            }
        }
        if (p < 0) {
            p = 0;
        }
        int[] port = {0};
        byte[] parsed = end - p >= 0 ? parseAddrPort(value.substring(p, end), port) : null;
        if (parsed == null) {
            return Outcome.DECLINED;
        }
        walk.address = parsed;
        walk.port = port[0];
        if (recursive && p > 0) {
            Outcome rc = internal(walk, value, p - 1);
            return rc == Outcome.DECLINED ? Outcome.DONE : rc;
        }
        return Outcome.OK;
    }

    /**
     * ngx_cidr_match: an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is taken as its IPv4 address, so it is matched
     * against the IPv4 networks only, never the IPv6 ones (not even ::/0 or ::ffff:0:0/96).
     */
    boolean trusts(byte[] address) {
        byte[] mapped = address.length == 16 ? InetText.v4Mapped(address) : null;
        byte[] a = mapped != null ? mapped : address;
        for (InetText.Cidr c : trusted) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** ngx_parse_addr_port: an address, or one with a port ("1.2.3.4:80", "[::1]:80"); port[0] gets the port or 0. */
    static byte[] parseAddrPort(String text, int[] port) {
        byte[] a = InetText.parse(text);
        if (a != null) {
            port[0] = 0;
            return a;
        }
        int len = text.length();
        int from = 0;
        int to;
        int colon;
        if (len > 0 && text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0 || close == len - 1 || text.charAt(close + 1) != ':') {
                return null;
            }
            from = 1;
            to = close;
            colon = close + 1;
        } else {
            colon = text.indexOf(':');
            if (colon < 0) {
                return null;
            }
            to = colon;
        }
        int n = atoi(text, colon + 1, len);
        if (n < 1 || n > 65535) {
            return null;
        }
        a = InetText.parse(text.substring(from, to));
        if (a == null) {
            return null;
        }
        port[0] = n;
        return a;
    }

    /** ngx_atoi: digits only, at least one; -1 otherwise (a value past 65535 is capped, it is refused anyway). */
    private static int atoi(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = Math.min(value * 10 + (c - '0'), 1_000_000);
        }
        return value;
    }
}
