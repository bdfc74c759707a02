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
        byte[] mapped = address.length == 16 ? InetText.v4Mapped(address) : null;
        byte[] a = mapped != null ? mapped : address;
        for (InetText.Cidr c : networks) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
