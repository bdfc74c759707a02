package dev.pier.proxy;

import dev.pier.config.Settings;
import dev.pier.http.HttpExchange;
import dev.pier.proxy.header.UpstreamRequestHeaders;
import dev.pier.proxy.header.UpstreamResponseHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Every header decision of the proxy goes through here: a location's compiled {@code proxy_set_header} list
 * for the upstream request, and its hide/pass, {@code proxy_redirect} and cookie rules for the response.
 * The framing headers (Content-Length, Transfer-Encoding) are the proxy's own; this puts them where nginx's
 * defaults do.
 */
final class HeaderRules {
    private final UpstreamRequestHeaders request;
    private final UpstreamResponseHeaders response;

    private HeaderRules(UpstreamRequestHeaders request, UpstreamResponseHeaders response) {
        this.request = request;
        this.response = response;
    }

    /** Compiles a location's rules from its merged settings, once, at load. */
    static HeaderRules of(Settings settings) {
        // $proxy_host, the default Host, is registered by ProxyModule's class initialization, before any load
        return new HeaderRules(UpstreamRequestHeaders.of(settings), UpstreamResponseHeaders.of(settings));
    }

    /**
     * Writes the upstream request's headers in nginx's order, the framing line after Connection. True when
     * the request lets the connection persist (it does not say "Connection: close", nginx's default).
     */
    boolean writeRequestHeaders(HttpExchange ex, RequestFraming framing, HttpHeaders out) {
        request.write(ex, out, framing.contentLength(), framing.chunked());
        return !out.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
    }

    /** Copies the upstream's response headers the client gets; framing and Connection are the proxy's to add. */
    void copyResponseHeaders(HttpExchange ex, ProxyPass pass, HttpHeaders fromUpstream, HttpHeaders toClient) {
        response.copy(ex, pass, fromUpstream, toClient);
    }
}
