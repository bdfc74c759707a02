package dev.pier.proxy;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trailer fields passed through the proxy (a chunked body's, either way), without those RFC 9110 section 6.5.1
 * forbids in a trailer (framing, routing, request modifiers, authentication, response control, content
 * processing), which a recipient would have to drop anyway. nginx 1.22 drops every trailer; Pier passes on
 * what a chunked message may carry.
 */
final class TrailerFields {
    private static final Set<String> FORBIDDEN = Set.of("transfer-encoding", "content-length", "host", "connection", "keep-alive",
            "proxy-connection", "te", "trailer", "upgrade", "content-type", "content-encoding", "content-range", "content-location",
            "cache-control", "expect", "max-forwards", "pragma", "range", "authorization", "proxy-authorization",
            "www-authenticate", "proxy-authenticate", "set-cookie", "cookie", "age", "expires", "date", "location", "retry-after",
            "vary", "warning");

    private TrailerFields() { }

    /** The fields of {@code trailers} that may go on, or null when none may. */
    static HttpHeaders passable(HttpHeaders trailers) {
        if (trailers == null || trailers.isEmpty()) {
            return null;
        }
        HttpHeaders out = null;
        for (Map.Entry<String, String> e : trailers) {
            if (!FORBIDDEN.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                if (out == null) {
                    out = DefaultHttpHeadersFactory.trailersFactory().withValidation(false).newHeaders();
                }
                out.add(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
