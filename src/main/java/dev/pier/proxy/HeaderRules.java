package dev.pier.proxy;

import dev.pier.http.HttpExchange;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Map;
import java.util.Set;

/**
 * Every header decision of the proxy goes through here: which request headers go to the upstream and which
 * response headers come back. What is here now is nginx's default rule set (no proxy_set_header,
 * proxy_hide_header or proxy_redirect in the configuration); the framing headers (Content-Length,
 * Transfer-Encoding) are decided by the proxy itself and only placed here, where nginx's defaults put them.
 */
final class HeaderRules {
    /** The client headers nginx's default proxy_set_header list replaces or empties (ngx_http_proxy_headers). */
    private static final Set<AsciiString> NOT_PASSED = Set.of(
            AsciiString.cached("host"), AsciiString.cached("connection"), AsciiString.cached("keep-alive"),
            AsciiString.cached("expect"), AsciiString.cached("upgrade"), AsciiString.cached("te"),
            AsciiString.cached("content-length"), AsciiString.cached("transfer-encoding"));

    /** Response headers nginx's proxy never passes: its default proxy_hide_header list and the hop-by-hop ones. */
    private static final Set<AsciiString> HIDDEN = Set.of(
            AsciiString.cached("date"), AsciiString.cached("server"), AsciiString.cached("x-pad"),
            AsciiString.cached("connection"), AsciiString.cached("keep-alive"), AsciiString.cached("transfer-encoding"),
            AsciiString.cached("upgrade"), AsciiString.cached("content-length"));

    private HeaderRules() { }

    /**
     * The request headers for the upstream, in nginx's order: Host, Connection, the framing header, then the
     * client's own. {@code keepAlive}: the connection may be kept (HTTP/1.1 to a group with keepalive), so no
     * "Connection: close" is sent.
     */
    static void writeRequestHeaders(HttpExchange ex, ProxyPass pass, RequestFraming framing, boolean keepAlive, HttpHeaders out) {
        out.add("Host", pass.hostText());
        if (!keepAlive) {
            out.add("Connection", "close");
        }
        framing.write(out);
        for (Map.Entry<CharSequence, CharSequence> h : iterable(ex.request().headers())) {
            if (!NOT_PASSED.contains(AsciiString.of(h.getKey()).toLowerCase())) {
                out.add(h.getKey(), h.getValue());
            }
        }
    }

    /** The upstream's response headers the client gets (framing and Connection are the proxy's to add). */
    static void copyResponseHeaders(HttpExchange ex, ProxyPass pass, HttpHeaders fromUpstream, HttpHeaders toClient) {
        for (Map.Entry<CharSequence, CharSequence> h : iterable(fromUpstream)) {
            AsciiString name = AsciiString.of(h.getKey()).toLowerCase();
            if (!HIDDEN.contains(name) && !name.startsWith("x-accel-")) {
                toClient.add(h.getKey(), h.getValue());
            }
        }
    }

    private static Iterable<Map.Entry<CharSequence, CharSequence>> iterable(HttpHeaders headers) {
        return headers::iteratorCharSequence;
    }
}
