package dev.pier.http;

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

    /**
     * nginx's ngx_http_validate_host: lowercase, without the port and a trailing dot; null if invalid
     * (a "..", a '/', a space or control character, nothing left once the port and trailing dot are gone).
     * An IPv6 literal keeps its brackets; a '[' elsewhere and a backslash are ordinary characters to nginx.
     */
    static String validateHost(String host) {
        if (host == null) {
            return null;
        }
        final int usual = 0;
        final int literal = 1;
        final int rest = 2;
        int state = usual;
        int end = host.length();
        int dotPos = -2;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            switch (c) {
                case '.' -> {
                    if (dotPos == i - 1) {
                        return null;
                    }
                    dotPos = i;
                }
                case ':' -> {
                    if (state == usual) {
                        end = i;
                        state = rest;
                    }
                }
                case '[' -> {
                    if (i == 0) {
                        state = literal;
                    }
                }
                case ']' -> {
                    if (state == literal) {
                        end = i + 1;
                        state = rest;
                    }
                }
                default -> {
                    if (c == '/' || c <= 0x20 || c == 0x7f) {
                        return null;
                    }
                }
            }
        }
        if (dotPos == end - 1) {
            end--;
        }
        if (end <= 0) {
            return null;
        }
        char[] out = host.substring(0, end).toCharArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'A' && out[i] <= 'Z') {
                out[i] += 32;             // ASCII only, as ngx_tolower: bytes above 0x7f stay as sent
            }
        }
        return new String(out);
    }
}
