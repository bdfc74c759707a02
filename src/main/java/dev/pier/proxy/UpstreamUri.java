package dev.pier.proxy;

import dev.pier.http.HttpExchange;
import dev.pier.http.UriEscape;
import java.util.Objects;

/**
 * The URI of the upstream request line, as nginx's ngx_http_proxy_create_request builds it: the client's
 * URI as it sent it when proxy_pass has no URI part and nothing changed the URI; otherwise the normalized
 * URI, its location prefix replaced by the URI part, escaped when it was escaped or changed, then the args.
 */
final class UpstreamUri {
    private UpstreamUri() { }

    /**
     * @param uriPart the proxy_pass URI part, or null
     * @param fromTemplate the URL had variables: its URI part is sent as rendered, with nothing replaced
     */
    static String of(HttpExchange ex, String uriPart, boolean fromTemplate) {
        if (fromTemplate && uriPart != null) {
            return uriPart;
        }
        if (uriPart == null && unparsedUriValid(ex)) {
            return ex.requestUri();
        }
        String uri = ex.uri();
        int locationLength = 0;
        if (uriPart != null && ex.validLocation()) {
            String prefix = ex.location().pattern();
            locationLength = uri.startsWith(prefix) ? prefix.length() : Math.min(prefix.length(), uri.length());
        }
        String rest = uri.substring(locationLength);
        if (ex.isInternal() || quoted(ex.requestUri())) {
            rest = UriEscape.uri(rest);   // NGX_ESCAPE_URI
        }
        StringBuilder sb = new StringBuilder();
        if (uriPart != null && ex.validLocation()) {
            sb.append(uriPart);
        }
        sb.append(rest);
        String args = ex.args();
        if (args != null && !args.isEmpty()) {
            sb.append('?').append(args);
        }
        return sb.toString();
    }

    /**
     * nginx's r->valid_unparsed_uri: the request line's URI still says what is requested. A rewrite, an
     * internal redirect or {@code set $args} clears it.
     */
    private static boolean unparsedUriValid(HttpExchange ex) {
        if (ex.isInternal()) {
            return false;
        }
        String sent = ex.requestUri();
        int q = sent.indexOf('?');
        return Objects.equals(q < 0 ? null : emptyToNull(sent.substring(q + 1)), emptyToNull(ex.args()));
    }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }

    /** nginx's r->quoted_uri: the client's URI had a %-escape. */
    private static boolean quoted(String requestUri) {
        int q = requestUri.indexOf('?');
        int end = q < 0 ? requestUri.length() : q;
        return requestUri.lastIndexOf('%', end - 1) >= 0;
    }
}
