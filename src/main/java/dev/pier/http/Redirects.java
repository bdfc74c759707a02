package dev.pier.http;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;

/** Location headers as nginx writes them: a relative target made absolute with scheme, host and port. */
public final class Redirects {
    private Redirects() { }

    /** {@code target} if absolute (or absolute_redirect is off), else {@code scheme://host[:port]target}. */
    public static String absolute(HttpExchange ex, String target) {
        if (!target.startsWith("/") || !ex.settings().get(HttpCoreModule.ABSOLUTE_REDIRECT)) {
            return target;
        }
        String scheme = ex.connection().scheme();
        // ngx_http_header_filter: server_name_in_redirect, else the host the client named, else the local address
        String host = ex.settings().get(HttpCoreModule.SERVER_NAME_IN_REDIRECT) ? ex.server().primaryName() : ex.requestedHost();
        if (host == null || host.isEmpty()) {
            var local = ex.connection().localAddress().getAddress();
            host = local instanceof java.net.Inet6Address ? "[" + NetUtil.toAddressString(local) + "]" : NetUtil.toAddressString(local);
        }
        StringBuilder sb = new StringBuilder(scheme.length() + host.length() + target.length() + 10);
        sb.append(scheme).append("://").append(host);
        InetSocketAddress local = ex.connection().localAddress();
        int port = local.getPort();
        boolean defaultPort = scheme.equals("http") ? port == 80 : port == 443;
        if (ex.settings().get(HttpCoreModule.PORT_IN_REDIRECT) && !defaultPort) {
            sb.append(':').append(port);
        }
        return sb.append(target).toString();
    }
}
