package dev.pier.proxy;

import dev.pier.http.HttpExchange;
import dev.pier.http.RequestLog;
import dev.pier.upstream.Upstream;
import dev.pier.upstream.Upstreams;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The group of a proxy_pass URL rendered from variables: an {@code upstream} block of that name (no port
 * written), an address literal, or a name the resolver must look up. Name lookups belong to the
 * {@code resolver} directive; without one, nginx answers 502 and logs "no resolver defined to resolve".
 */
final class VariableTargets {
    private VariableTargets() { }

    /** The group, or null after logging why there is none (the caller answers 502). */
    static Upstream group(HttpExchange ex, ProxyPass pass) {
        if (pass.unix()) {
            return Upstreams.implicit("unix:" + pass.host(), List.of(new io.netty.channel.unix.DomainSocketAddress(pass.host())));
        }
        if (!ProxyPassParser.portWritten(pass)) {
            Upstream named = Upstreams.find(ex.settings(), pass.host());
            if (named != null) {
                return named;
            }
        }
        String host = pass.host().startsWith("[") ? pass.host().substring(1, pass.host().length() - 1) : pass.host();
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal == null) {
            RequestLog.error(ex, "no resolver defined to resolve " + host);
            return null;
        }
        try {
            InetAddress address = InetAddress.getByAddress(literal);
            return Upstreams.implicit(pass.hostText(), List.of(new InetSocketAddress(address, pass.port())));
        } catch (UnknownHostException e) {
            RequestLog.error(ex, "invalid address " + host);
            return null;
        }
    }
}
