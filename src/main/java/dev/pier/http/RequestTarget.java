package dev.pier.http;

import dev.pier.http.codec.HostValidator;
import java.util.Locale;

/**
 * The parts of a request target: origin-form ({@code /path?query}) or absolute-form
 * ({@code http://host:port/path?query}), whose host then replaces the Host header as RFC 9112 §3.2.2 says.
 */
record RequestTarget(String host, String path, String query, String requestUri) {

    /** Splits {@code target}; returns null if it is neither form (nginx: 400). */
    static RequestTarget parse(String target) {
        String host = null;
        String rest = target;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme <= 0) {
                return null;
            }
            String s = target.substring(0, scheme).toLowerCase(Locale.ROOT);
            if (!s.equals("http") && !s.equals("https")) {
                return null;
            }
            int hostStart = scheme + 3;
            int pathStart = hostStart;
            while (pathStart < target.length() && target.charAt(pathStart) != '/' && target.charAt(pathStart) != '?') {
                pathStart++;
            }
            host = target.substring(hostStart, pathStart);
            rest = pathStart < target.length() ? target.substring(pathStart) : "/";
            if (rest.startsWith("?")) {
                rest = "/" + rest;
            }
        }
        // a '#' (a fragment the client should not have sent) ends the path and the arguments, as in nginx
        int hash = rest.indexOf('#');
        int end = hash < 0 ? rest.length() : hash;
        int q = rest.indexOf('?');
        if (q >= end) {
            q = -1;
        }
        String path = rest.substring(0, q < 0 ? end : q);
        String query = q < 0 ? null : rest.substring(q + 1, end);
        return new RequestTarget(host, path, query, rest);
    }

    /** nginx's ngx_http_validate_host: the host to select a server by, or null where nginx answers 400. */
    static String validateHost(String host) {
        return host == null ? null : HostValidator.normalize(host);
    }
}
