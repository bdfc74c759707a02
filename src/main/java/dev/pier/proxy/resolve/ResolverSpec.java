package dev.pier.proxy.resolve;

import dev.pier.config.ConfigValues;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code resolver address ... [valid=time] [ipv4=on|off] [ipv6=on|off] [status_zone=zone]} line, parsed
 * as nginx's {@code ngx_resolver_create}: addresses with port 53 by default, a host name's addresses looked
 * up once at load (as nginx does with the system resolver), {@code valid=} in seconds (0: the records' TTL).
 *
 * @param servers the name servers, in order
 * @param validSeconds how long answers are trusted whatever their TTL; 0 to follow the TTL
 * @param ipv4 ask for A records
 * @param ipv6 ask for AAAA records
 */
public record ResolverSpec(List<InetSocketAddress> servers, int validSeconds, boolean ipv4, boolean ipv6) {
    public ResolverSpec {
        servers = List.copyOf(servers);
    }

    static ResolverSpec parse(ConfigDirective d, LoadContext ctx) {
        List<InetSocketAddress> servers = new ArrayList<>();
        int valid = 0;
        boolean ipv4 = true;
        boolean ipv6 = true;
        for (String a : d.args()) {
            if (a.startsWith("valid=")) {
                String v = a.substring(6);
                long ms = v.contains("ms") ? -1 : ConfigValues.millis(v);   // ngx_parse_time in seconds takes no "ms"
                if (ms < 0 || ms / 1000 > Integer.MAX_VALUE) {
                    throw ctx.error("invalid parameter: " + a, d);
                }
                valid = (int) (ms / 1000);
            } else if (a.startsWith("ipv6=")) {
                ipv6 = onOff(a, 5, d, ctx);
            } else if (a.startsWith("ipv4=")) {
                // nginx 1.23.1 and later
                ipv4 = onOff(a, 5, d, ctx);
            } else if (a.startsWith("status_zone=")) {
                // nginx Plus's statistics zone: accepted, Pier keeps no such zone
                continue;
            } else {
                servers.addAll(addresses(a, d, ctx));
            }
        }
        if (servers.isEmpty()) {
            throw ctx.error("no name servers defined", d);
        }
        if (!ipv4 && !ipv6) {
            throw ctx.error("\"ipv4\" and \"ipv6\" cannot both be \"off\"", d);
        }
        return new ResolverSpec(servers, valid, ipv4, ipv6);
    }

    private static boolean onOff(String a, int at, ConfigDirective d, LoadContext ctx) {
        return switch (a.substring(at)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw ctx.error("invalid parameter: " + a, d);
        };
    }

    /** ngx_parse_url with default port 53, for a resolver: an IP literal or a host name, an optional port. */
    private static List<InetSocketAddress> addresses(String url, ConfigDirective d, LoadContext ctx) {
        String host;
        String port = null;
        if (url.startsWith("[")) {
            int close = url.indexOf(']');
            if (close < 0) {
                throw ctx.error("invalid host in resolver \"" + url + "\"", d);
            }
            host = url.substring(1, close);
            String rest = url.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw ctx.error("invalid host in resolver \"" + url + "\"", d);
                }
                port = rest.substring(1);
            }
            if (!NetUtil.isValidIpV6Address(host)) {
                throw ctx.error("invalid host in resolver \"" + url + "\"", d);
            }
        } else {
            int colon = url.lastIndexOf(':');
            host = colon < 0 ? url : url.substring(0, colon);
            port = colon < 0 ? null : url.substring(colon + 1);
        }
        int p = 53;
        if (port != null) {
            long n = ConfigValues.number(port);
            if (n < 1 || n > 65535) {
                throw ctx.error("invalid port in resolver \"" + url + "\"", d);
            }
            p = (int) n;
        }
        if (host.isEmpty() || url.startsWith("unix:") || host.chars().anyMatch(c -> c == '/' || c == '?' || c <= ' ')) {
            throw ctx.error("invalid host in resolver \"" + url + "\"", d);
        }
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        try {
            if (literal != null) {
                return List.of(new InetSocketAddress(InetAddress.getByAddress(literal), p));
            }
            // at load, off the event loops: nginx resolves a resolver's own name with the system resolver here too
            List<InetSocketAddress> out = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(host)) {
                out.add(new InetSocketAddress(a, p));
            }
            return out;
        } catch (UnknownHostException e) {
            throw ctx.error("host not found in resolver \"" + url + "\"", d);
        }
    }
}
