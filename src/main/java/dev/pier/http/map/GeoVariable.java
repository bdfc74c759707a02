package dev.pier.http.map;

import dev.pier.http.ForwardedAddresses;
import dev.pier.http.HttpExchange;
import dev.pier.http.InetText;
import dev.pier.variables.Variable;
import java.net.InetAddress;
import java.util.List;

/**
 * The variable of a {@code geo} block: the client address (or the source variable's value, parsed as nginx's
 * ngx_parse_addr) looked up in the block's networks or ranges. An IPv4-mapped IPv6 address is looked up as
 * IPv4; a value that is no address is looked up as 255.255.255.255, as nginx does (INADDR_NONE). When the
 * address is a trusted {@code proxy}, the one it forwarded for is used instead.
 */
final class GeoVariable implements Variable {
    private static final byte[] NONE = {(byte) 255, (byte) 255, (byte) 255, (byte) 255};

    private final Variable source;          // null: the connection's address
    private final CidrTree v4;
    private final CidrTree v6;
    private final GeoRanges.Table ranges;   // non-null in "ranges" mode
    private final ForwardedAddresses proxies; // null without "proxy" lines

    private GeoVariable(Variable source, ForwardedAddresses proxies, CidrTree v4, CidrTree v6, GeoRanges.Table ranges) {
        this.source = source;
        this.proxies = proxies;
        this.v4 = v4;
        this.v6 = v6;
        this.ranges = ranges;
    }

    static GeoVariable networks(Variable source, ForwardedAddresses proxies, CidrTree v4, CidrTree v6) {
        return new GeoVariable(source, proxies, v4, v6, null);
    }

    static GeoVariable ranges(Variable source, ForwardedAddresses proxies, GeoRanges.Table table) {
        return new GeoVariable(source, proxies, null, null, table);
    }

    @Override public String value(HttpExchange ex) {
        byte[] address = address(ex);
        return ranges != null ? findRange(address) : findNetwork(address);
    }

    /** 4 or 16 bytes, or null when the source is not an address (then X-Forwarded-For is not read either). */
    private byte[] address(HttpExchange ex) {
        byte[] address;
        if (source == null) {
            InetAddress a = ex.remoteAddress().getAddress();
            address = a.getAddress();
        } else {
            String text = source.value(ex);
            address = text == null ? null : InetText.parse(text);
        }
        if (address != null && proxies != null) {
            List<String> forwarded = ex.request().headers().getAll("X-Forwarded-For");
            if (!forwarded.isEmpty()) {
                // nginx's geo ignores the walk's answer and takes the address it ended at
                ForwardedAddresses.Walk walk = new ForwardedAddresses.Walk(address, 0);
                proxies.overLines(walk, forwarded);
                address = walk.address();
            }
        }
        return address;
    }

    String findNetwork(byte[] address) {
        if (address == null) {
            return v4.find(NONE);
        }
        if (address.length == 16) {
            byte[] mapped = InetText.v4Mapped(address);
            return mapped != null ? v4.find(mapped) : v6.find(address);
        }
        return v4.find(address);
    }

    String findRange(byte[] address) {
        long a;
        if (address == null) {
            a = InetText.NONE;
        } else if (address.length == 16) {
            byte[] mapped = InetText.v4Mapped(address);
            a = mapped == null ? InetText.NONE : unsigned(mapped);
        } else {
            a = unsigned(address);
        }
        return ranges.find(a);
    }

    private static long unsigned(byte[] a) {
        return (a[0] & 0xffL) << 24 | (a[1] & 0xffL) << 16 | (a[2] & 0xffL) << 8 | a[3] & 0xffL;
    }

}
