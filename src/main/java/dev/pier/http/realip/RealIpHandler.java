package dev.pier.http.realip;

import dev.pier.http.ForwardedAddresses;
import dev.pier.http.HttpExchange;
import dev.pier.http.InetText;
import dev.pier.http.PrecontentStep;
import dev.pier.http.RewriteStep;
import dev.pier.http.connection.AddressText;
import dev.pier.http.connection.ProxyProtocolHeader;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * nginx's ngx_http_realip_handler for one level's settings. It runs in the post-read phase with the server's
 * settings (a step before the server's rewrite script) and again in the pre-access phase with the location's
 * (a step before the location's pre-content steps); once it has replaced the client address of a request,
 * later runs leave it alone. The address replaced is the request's only: the next request on the connection
 * starts from the peer's address again.
 */
final class RealIpHandler {
    private final RealIpSource source;
    private final ForwardedAddresses walk;

    RealIpHandler(List<InetText.Cidr> from, RealIpSource source, boolean recursive) {
        this.source = source;
        this.walk = new ForwardedAddresses(from, recursive);
    }

    /** As a step of the server's rewrite phase (nginx's post-read phase comes just before it). */
    RewriteStep postRead() {
        return ex -> {
            apply(ex);
            return RewriteStep.Outcome.NEXT;
        };
    }

    /** As the first pre-content step of a location (nginx's pre-access phase). */
    PrecontentStep preAccess() {
        return ex -> {
            apply(ex);
            return false;
        };
    }

    void apply(HttpExchange ex) {
        if (ex.remoteAddressReplaced()) {
            return;
        }
        InetSocketAddress peer = ex.connection().remoteAddress();
        ForwardedAddresses.Walk w = new ForwardedAddresses.Walk(peer.getAddress().getAddress(), peer.getPort());
        ForwardedAddresses.Outcome rc;
        ProxyProtocolHeader pp = null;
        switch (source.kind()) {
            case X_FORWARDED_FOR -> {
                List<String> lines = ex.request().headers().getAll(source.header());
                if (lines.isEmpty()) {
                    return;
                }
                rc = walk.overLines(w, lines);
            }
            case PROXY_PROTOCOL -> {
                pp = ex.connection().proxyProtocol();
                if (pp == null) {
                    return;
                }
                rc = walk.overValue(w, pp.sourceAddress());
            }
            default -> {
                // X-Real-IP and any other header: the first line of it
                String value = ex.request().headers().get(source.header());
                if (value == null) {
                    return;
                }
                rc = walk.overValue(w, value);
            }
        }
        if (rc == ForwardedAddresses.Outcome.DECLINED) {
            return;
        }
        int port = pp != null ? pp.sourcePort() : w.port();
        ex.replaceRemoteAddress(new InetSocketAddress(inetAddress(w.address()), port), AddressText.of(w.address()));
    }

    /** An InetAddress that keeps 16 bytes as IPv6, so a mapped address stays one ($binary_remote_addr is 16 bytes). */
    private static InetAddress inetAddress(byte[] a) {
        try {
            return a.length == 16 ? Inet6Address.getByAddress(null, a, -1) : Inet4Address.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
