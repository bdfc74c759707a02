package dev.pier.proxy;

import dev.pier.upstream.Upstream;
import dev.pier.upstream.Upstreams;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The group of a proxy_pass URL rendered from variables when it is known without DNS: an {@code upstream}
 * block of that name (no port written), a unix socket, or an address literal. Any other name is the
 * {@code resolver}'s to look up (without one, nginx answers 502 and logs "no resolver defined to resolve").
 */
final class VariableTargets {
    private VariableTargets() { }

    /** The group, or null when the host is a name the resolver must look up. */
    static Upstream group(dev.pier.http.HttpExchange ex, ProxyPass pass) {
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
            return null;
        }
        try {
            return Upstreams.implicit(pass.hostText(), List.of(new InetSocketAddress(InetAddress.getByAddress(literal), pass.port())));
        } catch (UnknownHostException e) {
            return null;   // not reached: the bytes came from a valid literal
        }
    }
}
