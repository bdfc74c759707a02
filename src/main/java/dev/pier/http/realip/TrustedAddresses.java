package dev.pier.http.realip;

import dev.pier.http.map.InetText;
import java.util.List;

/**
 * The {@code set_real_ip_from} list of one level: networks, and {@code unix:} for connections over a UNIX
 * socket. Matched as nginx's ngx_cidr_match: an IPv4-mapped IPv6 address is an IPv4 address, matched against
 * the IPv4 networks only.
 */
record TrustedAddresses(List<InetText.Cidr> networks, boolean unix) {

    TrustedAddresses {
        networks = List.copyOf(networks);
    }

    /** Whether {@code address} (4 or 16 bytes) is a trusted proxy. */
    boolean contains(byte[] address) {
        byte[] a = address;
        if (a.length == 16 && isV4Mapped(a)) {
            a = new byte[] {a[12], a[13], a[14], a[15]};
        }
        for (InetText.Cidr c : networks) {
            if (c.address().length == a.length && inNetwork(a, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inNetwork(byte[] a, InetText.Cidr c) {
        for (int i = 0; i < a.length; i++) {
            int keep = Math.min(8, Math.max(0, c.bits() - i * 8));
            int mask = (0xff << (8 - keep)) & 0xff;
            if ((a[i] & mask) != (c.address()[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }
}
