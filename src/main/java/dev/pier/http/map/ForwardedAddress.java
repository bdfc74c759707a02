package dev.pier.http.map;

import java.util.List;

/**
 * The client address behind trusted proxies, as nginx 1.22's ngx_http_get_forwarded_addr: when the address is
 * one of {@code proxies}, the last address of the last X-Forwarded-For line replaces it; with
 * {@code recursive}, the walk goes on leftwards (and into earlier lines) while the address found is trusted too.
 */
final class ForwardedAddress {
    private enum Result { DECLINED, OK, DONE }

    private final List<InetText.Cidr> proxies;
    private final boolean recursive;

    ForwardedAddress(List<InetText.Cidr> proxies, boolean recursive) {
        this.proxies = List.copyOf(proxies);
        this.recursive = recursive;
    }

    /** The address to look up, given the real one (4 or 16 bytes) and the X-Forwarded-For lines in order. */
    byte[] resolve(byte[] address, List<String> forwardedFor) {
        byte[][] addr = {address};
        boolean found = false;
        for (int i = forwardedFor.size() - 1; i >= 0; i--) {
            String xff = forwardedFor.get(i);
            Result rc = internal(addr, xff, xff.length());
            if (!recursive || rc == Result.DECLINED && found || rc != Result.OK) {
                break;
            }
            found = true;
        }
        return addr[0];
    }

    private Result internal(byte[][] addr, String xff, int len) {
        if (!trusted(addr[0])) {
            return Result.DECLINED;
        }
        int end = len;
        while (end - 1 > 0 && (xff.charAt(end - 1) == ' ' || xff.charAt(end - 1) == ',')) {
            end--;
        }
        int p = end - 1;
        for (; p > 0; p--) {
            char c = xff.charAt(p);
            if (c == ' ' || c == ',') {
                p++;
                break;
            }
        }
        if (p < 0) {
            p = 0;
        }
        byte[] parsed = parseAddrPort(xff.substring(p, end));
        if (parsed == null) {
            return Result.DECLINED;
        }
        addr[0] = parsed;
        if (recursive && p > 0) {
            Result rc = internal(addr, xff, p - 1);
            return rc == Result.DECLINED ? Result.DONE : rc;
        }
        return Result.OK;
    }

    /** ngx_cidr_match: an IPv4-mapped address also matches IPv4 networks. */
    private boolean trusted(byte[] address) {
        for (InetText.Cidr c : proxies) {
            byte[] a = address;
            if (c.address().length == 4 && a.length == 16) {
                a = InetText.v4Mapped(a);
                if (a == null) {
                    continue;
                }
            }
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }


    /** ngx_parse_addr_port: an address, or one with a port ("1.2.3.4:80", "[::1]:80"). */
    static byte[] parseAddrPort(String text) {
        byte[] a = InetText.parse(text);
        if (a != null) {
            return a;
        }
        int len = text.length();
        int colon;
        int from = 0;
        int to;
        if (len > 0 && text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0 || close == len - 1 || text.charAt(close + 1) != ':') {
                return null;
            }
            colon = close + 1;
            from = 1;
            to = close;
        } else {
            colon = text.indexOf(':');
            if (colon < 0) {
                return null;
            }
            to = colon;
        }
        String port = text.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return null;
        }
        int n = Integer.parseInt(port);
        if (n < 1 || n > 65535) {
            return null;
        }
        return InetText.parse(text.substring(from, to));
    }
}
