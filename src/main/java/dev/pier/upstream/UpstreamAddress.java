package dev.pier.upstream;

import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The address of a {@code server} line, read as nginx's ngx_parse_url reads it: {@code unix:/path},
 * {@code [v6]:port}, {@code host:port} or {@code host} (port 80); a host name is resolved once, at load, into
 * every IPv4 then every IPv6 address it has (ngx_inet_resolve_host), each becoming one peer.
 */
public final class UpstreamAddress {
    /** One resolved address and the name {@code $upstream_addr} gives it. */
    public record Resolved(SocketAddress address, String name) { }

    /** An address nginx refuses; {@code reason} is ngx_parse_url's u.err ("invalid port", "host not found" ...). */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    private UpstreamAddress() { }

    /** Every address {@code text} stands for, or {@link Invalid} with nginx's reason. Blocks on DNS: load time only. */
    public static List<Resolved> resolve(String text, int defaultPort) throws Invalid {
        if (text.length() >= 5 && text.regionMatches(true, 0, "unix:", 0, 5)) {
            String path = text.substring(5);
            if (path.isEmpty()) {
                throw new Invalid("no path in the unix domain socket");
            }
            // sun_path holds 108 bytes with the terminating NUL
            if (path.length() + 1 > 108) {
                throw new Invalid("too long path in the unix domain socket");
            }
            return List.of(new Resolved(new DomainSocketAddress(path), text));
        }
        if (text.startsWith("[")) {
            return List.of(inet6(text, defaultPort));
        }
        return inet(text, defaultPort);
    }

    private static Resolved inet6(String text, int defaultPort) throws Invalid {
        int close = text.indexOf(']');
        if (close < 0) {
            throw new Invalid("invalid host");
        }
        int port = defaultPort;
        String rest = text.substring(close + 1);
        if (!rest.isEmpty()) {
            if (rest.indexOf('/') >= 0) {
                throw new Invalid("invalid host");
            }
            if (rest.charAt(0) == ':') {
                port = port(rest.substring(1));
            }
        }
        String host = text.substring(1, close);
        if (host.isEmpty()) {
            throw new Invalid("no host");
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null || bytes.length != 16 || host.indexOf(':') < 0) {
            throw new Invalid("invalid IPv6 address");
        }
        try {
            InetAddress a = InetAddress.getByAddress(bytes);
            return new Resolved(new InetSocketAddress(a, port), "[" + host + "]:" + port);
        } catch (UnknownHostException e) {
            throw new Invalid("invalid IPv6 address");
        }
    }

    private static List<Resolved> inet(String text, int defaultPort) throws Invalid {
        if (text.indexOf('/') >= 0 || text.indexOf('?') >= 0) {
            throw new Invalid("invalid host");
        }
        int colon = text.indexOf(':');
        int port = defaultPort;
        String host = text;
        if (colon >= 0) {
            port = port(text.substring(colon + 1));
            host = text.substring(0, colon);
        }
        if (host.isEmpty()) {
            throw new Invalid("no host");
        }
        if (NetUtil.isValidIpV4Address(host)) {
            InetAddress a = addressOf(NetUtil.createByteArrayFromIpAddressString(host));
            return List.of(new Resolved(new InetSocketAddress(a, port), host + ":" + port));
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new Invalid("host not found");
        }
        List<Resolved> out = new ArrayList<>();
        for (boolean v4 : new boolean[] {true, false}) {
            for (InetAddress a : all) {
                if ((a instanceof Inet4Address) == v4) {
                    InetSocketAddress sa = new InetSocketAddress(addressOf(a.getAddress()), port);
                    out.add(new Resolved(sa, NetUtil.toSocketAddressString(sa)));
                }
            }
        }
        if (out.isEmpty()) {
            throw new Invalid("host not found");
        }
        return out;
    }

    private static InetAddress addressOf(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** ngx_atoi then 1..65535, else "invalid port". */
    private static int port(String digits) throws Invalid {
        long n = digits.length() > 6 ? -1 : dev.pier.config.ConfigValues.number(digits);
        if (n < 1 || n > 65535) {
            throw new Invalid("invalid port");
        }
        return (int) n;
    }
}
