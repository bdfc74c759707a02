package dev.pier.proxy;

import dev.pier.variables.Template;
import java.util.Locale;

/**
 * Reads a {@code proxy_pass} URL as nginx's ngx_http_proxy_pass and ngx_parse_url do: the scheme, then
 * {@code unix:/path[:uri]} or {@code host[:port][/uri]}. The same reading serves URLs with variables, once
 * rendered per request. Errors carry nginx's wording ({@code invalid URL prefix}, {@code invalid port in upstream "h:x"}).
 */
public final class ProxyPassParser {
    private ProxyPassParser() { }

    /** A URL nginx refuses; the message is nginx's, without the "in file:line". */
    public static final class InvalidUrl extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidUrl(String message) { super(message); }
    }

    /** Parses {@code url}; {@code template} is non-null when the URL as written has variables. */
    public static ProxyPass parse(String url, Template template) {
        String lower = url.toLowerCase(Locale.ROOT);
        String scheme;
        int port;
        if (lower.startsWith("http://")) {
            scheme = "http";
            port = 80;
        } else if (lower.startsWith("https://")) {
            scheme = "https";
            port = 443;
        } else {
            throw new InvalidUrl("invalid URL prefix");
        }
        String rest = url.substring(scheme.length() + 3);
        if (rest.regionMatches(true, 0, "unix:", 0, 5)) {
            return unix(url, scheme, rest, template);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String uri = slash < 0 ? null : rest.substring(slash);
        String host = authority;
        boolean portWritten = false;
        int colon;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new InvalidUrl("invalid host in upstream \"" + rest + "\"");
            }
            host = authority.substring(0, close + 1);
            colon = close + 1 < authority.length() && authority.charAt(close + 1) == ':' ? close + 1 : -1;
        } else {
            colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                host = authority.substring(0, colon);
            }
        }
        if (colon >= 0) {
            String text = authority.substring(colon + 1);
            long p = dev.pier.config.ConfigValues.number(text);
            if (p < 1 || p > 65535) {
                throw new InvalidUrl("invalid port in upstream \"" + authority + "\"");
            }
            port = (int) p;
            portWritten = true;
        }
        if (host.isEmpty()) {
            throw new InvalidUrl("no host in upstream \"" + authority + "\"");
        }
        // $proxy_host is the host as written, with the port when one is written (ngx_http_proxy_set_vars)
        String hostText = portWritten ? authority : host;
        return new ProxyPass(url, scheme, hostText, host.toLowerCase(Locale.ROOT), port, uri, template, false);
    }

    /** True when the URL names a port ({@code http://name:8080}): such a name is never an upstream block's. */
    public static boolean portWritten(ProxyPass pass) {
        return !pass.unix() && pass.hostText().lastIndexOf(':') > pass.hostText().lastIndexOf(']');
    }

    /** {@code unix:/path} or {@code unix:/path:/uri}: the socket path ends at the next colon. */
    private static ProxyPass unix(String url, String scheme, String rest, Template template) {
        String path = rest.substring(5);
        String uri = null;
        int colon = path.indexOf(':');
        if (colon >= 0) {
            uri = path.substring(colon + 1);
            path = path.substring(0, colon);
            if (uri.isEmpty()) {
                uri = null;
            }
        }
        if (path.isEmpty()) {
            throw new InvalidUrl("no path in the unix domain socket");
        }
        return new ProxyPass(url, scheme, "localhost", path, 0, uri, template, true);
    }
}
