package dev.pier.proxy.header;

import dev.pier.config.Settings;
import dev.pier.http.HeaderNames;
import dev.pier.http.HttpExchange;
import dev.pier.http.Redirects;
import dev.pier.http.location.Location;
import dev.pier.proxy.ProxyPass;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a location passes an upstream response's header lines to the client, compiled once from its merged
 * settings (nginx's hide-headers hash, proxy_redirect and proxy_cookie_* rules, and
 * ngx_http_upstream_process_headers' copy handlers).
 *
 * <p>{@link #copy} is called with the head the proxy handler made by {@code ex.newResponse(status)}, which
 * already holds Pier's own Server and Date lines, before the handler adds the framing lines. It:
 * <ul>
 * <li>leaves out the hidden lines: Date, Server, X-Pad, X-Accel-Expires, X-Accel-Redirect, X-Accel-Limit-Rate,
 *     X-Accel-Buffering, X-Accel-Charset and the {@code proxy_hide_header} names, less the
 *     {@code proxy_pass_header} names;</li>
 * <li>never copies Content-Length, Transfer-Encoding, Connection or Keep-Alive (the handler writes the framing
 *     it sends; Connection/Keep-Alive are the client connection's, written by {@code writeHead}), nor a line the
 *     upstream's Connection header names (RFC 9110 §7.6.1; nginx copies those) other than Upgrade, which is
 *     copied as nginx does so that a 101 keeps it;</li>
 * <li>sets Content-Type (the last line wins, as nginx keeps one);</li>
 * <li>rewrites Location and the {@code url=} part of Refresh by the first {@code proxy_redirect} rule that
 *     applies, and makes the last rewritten Location absolute when it starts with "/", as nginx's header filter
 *     does ({@code absolute_redirect}, {@code server_name_in_redirect}, {@code port_in_redirect});</li>
 * <li>rewrites Set-Cookie's Domain and Path attributes by {@code proxy_cookie_domain}/{@code proxy_cookie_path},
 *     and its flags by {@code proxy_cookie_flags};</li>
 * <li>with {@code proxy_pass_header Server} (or Date), replaces Pier's own line with the upstream's lines, and
 *     removes it when the upstream sent none: nginx then sends no Server (Date) at all;</li>
 * <li>copies every other line as received, name and value, in the upstream's order.</li>
 * </ul>
 */
public final class UpstreamResponseHeaders {
    /** nginx's ngx_http_proxy_hide_headers. */
    private static final List<String> HIDDEN_BY_DEFAULT = List.of("Date", "Server", "X-Pad", "X-Accel-Expires",
            "X-Accel-Redirect", "X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset");
    /** What the handler decides itself: framing, and the client connection's own lines. */
    private static final HeaderNameSet NEVER_COPIED = HeaderNameSet.of(List.of("Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"));
    /** The lines nginx copies into the response an X-Accel-Redirect leads to (the "redirect" column of ngx_http_upstream_headers_in). */
    private static final Set<String> KEPT_ON_ACCEL_REDIRECT = names(List.of("Content-Type", "Set-Cookie", "Content-Disposition",
            "Cache-Control", "Expires", "Accept-Ranges"));

    private final HeaderNameSet hidden;
    private final boolean passServer;
    private final boolean passDate;
    /** Null when no level configures proxy_redirect: the default rule, for a proxy_pass without variables. */
    private final RewriteList redirects;
    private final SetCookieRewriter cookies;
    private final int ignored;
    /** The redirect rules resolved for the last proxy_pass and location seen (one pair per location in practice). */
    private volatile Resolved resolved;

    private record Resolved(ProxyPass pass, Location location, HeaderRewrite[] rules) { }

    private UpstreamResponseHeaders(Set<String> hidden, RewriteList redirects, SetCookieRewriter cookies, int ignored) {
        this.hidden = HeaderNameSet.of(hidden);
        this.passServer = !hidden.contains("Server");
        this.passDate = !hidden.contains("Date");
        this.redirects = redirects;
        this.cookies = cookies;
        this.ignored = ignored;
    }

    /** Compiles a location's rules; call once per location at load (in the proxy handler's {@code install}). */
    public static UpstreamResponseHeaders of(Settings settings) {
        Set<String> hidden = names(HIDDEN_BY_DEFAULT);
        List<String> hide = settings.get(ProxyHeadersModule.HIDE_HEADERS);
        if (hide != null) {
            hidden.addAll(hide);
        }
        List<String> pass = settings.get(ProxyHeadersModule.PASS_HEADERS);
        if (pass != null) {
            hidden.removeAll(pass);
        }
        SetCookieRewriter cookies = new SetCookieRewriter(settings.get(ProxyHeadersModule.COOKIE_DOMAINS),
                settings.get(ProxyHeadersModule.COOKIE_PATHS), settings.get(ProxyHeadersModule.COOKIE_FLAGS));
        return new UpstreamResponseHeaders(hidden, settings.get(ProxyHeadersModule.REDIRECTS), cookies,
                settings.get(ProxyHeadersModule.IGNORE_HEADERS));
    }

    /** True if {@code proxy_ignore_headers} names {@code header}: the handler then does not act on that upstream header. */
    public boolean ignores(IgnoredHeader header) { return (ignored & header.bit()) != 0; }

    /** The upstream's X-Accel-Redirect target, or null when it sent none or {@code proxy_ignore_headers} names it. */
    public String accelRedirect(HttpHeaders fromUpstream) {
        return ignores(IgnoredHeader.X_ACCEL_REDIRECT) ? null : fromUpstream.get("X-Accel-Redirect");
    }

    /**
     * Copies the upstream response's lines into the client response head {@code toClient} (see the class
     * comment). {@code pass} is the proxy_pass the request went through (its URL gives the default
     * proxy_redirect rule); the exchange's location must be the proxying one.
     */
    public void copy(HttpExchange ex, ProxyPass pass, HttpHeaders fromUpstream, HttpHeaders toClient) {
        HeaderRewrite[] rules = redirectRules(ex, pass);
        Set<String> hopByHop = ConnectionOptions.of(fromUpstream);
        boolean serverSeen = false;
        boolean dateSeen = false;
        int locations = 0;
        int lastRewritten = -1;
        // names as decoded (no copy to a String), looked up without case
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = fromUpstream.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            CharSequence name = h.getKey();
            CharSequence value = h.getValue();
            if (hidden.contains(name) || NEVER_COPIED.contains(name)
                    || hopByHop != null && hopByHop.contains(name.toString()) && !AsciiString.contentEqualsIgnoreCase(name, "Upgrade")) {
                continue;
            }
            if (AsciiString.contentEqualsIgnoreCase(name, "Content-Type")) {
                toClient.set(HeaderNames.CONTENT_TYPE, value);
                continue;
            }
            if (AsciiString.contentEqualsIgnoreCase(name, "Location")) {
                String rewritten = rewrite(ex, rules, value.toString());
                if (rewritten != null) {
                    value = rewritten;
                    lastRewritten = locations;
                }
                locations++;
            } else if (AsciiString.contentEqualsIgnoreCase(name, "Refresh")) {
                value = rewriteRefresh(ex, rules, value.toString());
            } else if (AsciiString.contentEqualsIgnoreCase(name, "Set-Cookie")) {
                if (cookies.active()) {
                    value = cookies.rewrite(ex, value.toString());
                }
            } else if (AsciiString.contentEqualsIgnoreCase(name, "Server")) {
                if (!serverSeen) {
                    toClient.remove(HeaderNames.SERVER);
                    serverSeen = true;
                }
            } else if (AsciiString.contentEqualsIgnoreCase(name, "Date")) {
                if (!dateSeen) {
                    toClient.remove(HeaderNames.DATE);
                    dateSeen = true;
                }
            }
            toClient.add(name, value);
        }
        if (lastRewritten >= 0) {
            absoluteLocation(ex, toClient, lastRewritten);
        }
        // nginx stands in an empty Server/Date for one the upstream did not send, and writes neither then
        if (passServer && !serverSeen) {
            toClient.remove(HeaderNames.SERVER);
        }
        if (passDate && !dateSeen) {
            toClient.remove(HeaderNames.DATE);
        }
    }

    /**
     * nginx makes the last Location line a rule rewrote its response's location, and its header filter writes
     * that one absolute (when it starts with "/") under its own spelling of the name; other lines stay as they are.
     */
    private static void absoluteLocation(HttpExchange ex, HttpHeaders toClient, int index) {
        List<Map.Entry<String, String>> lines = new java.util.ArrayList<>(1);
        for (Iterator<Map.Entry<String, String>> it = toClient.iteratorAsString(); it.hasNext(); ) {
            Map.Entry<String, String> h = it.next();
            if (h.getKey().equalsIgnoreCase("Location")) {
                lines.add(Map.entry(h.getKey(), h.getValue()));
            }
        }
        String value = lines.get(index).getValue();
        String absolute = Redirects.absolute(ex, value);
        if (absolute.equals(value)) {
            return;
        }
        // it goes first, as nginx writes it among its own lines, before the copied ones
        toClient.remove(HeaderNames.LOCATION);
        toClient.add(HeaderNames.LOCATION, absolute);
        for (int i = 0; i < lines.size(); i++) {
            if (i != index) {
                toClient.add(lines.get(i).getKey(), lines.get(i).getValue());
            }
        }
    }

    /**
     * For a response the proxy replaces by following its X-Accel-Redirect: the lines nginx carries over into the
     * response of the redirect (Content-Type, Set-Cookie rewritten as in {@link #copy}, Content-Disposition,
     * Cache-Control, Expires, Accept-Ranges), whatever proxy_hide_header says.
     */
    public void copyForAccelRedirect(HttpExchange ex, HttpHeaders fromUpstream, HttpHeaders kept) {
        for (Iterator<Map.Entry<String, String>> it = fromUpstream.iteratorAsString(); it.hasNext(); ) {
            Map.Entry<String, String> h = it.next();
            String name = h.getKey();
            if (!KEPT_ON_ACCEL_REDIRECT.contains(name)) {
                continue;
            }
            if (name.equalsIgnoreCase("Content-Type")) {
                kept.set(HeaderNames.CONTENT_TYPE, h.getValue());
            } else if (name.equalsIgnoreCase("Set-Cookie") && cookies.active()) {
                kept.add(name, cookies.rewrite(ex, h.getValue()));
            } else {
                kept.add(name, h.getValue());
            }
        }
    }

    private static String rewrite(HttpExchange ex, HeaderRewrite[] rules, String value) {
        for (HeaderRewrite rule : rules) {
            String r = rule.apply(ex, value);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** Refresh: the rules apply to what follows the first "url=" (any case); without one it is left alone. */
    private static String rewriteRefresh(HttpExchange ex, HeaderRewrite[] rules, String value) {
        if (rules.length == 0) {
            return value;
        }
        int url = indexOfIgnoreCase(value, "url=");
        if (url < 0) {
            return value;
        }
        String r = rewrite(ex, rules, value.substring(url + 4));
        return r == null ? value : value.substring(0, url + 4) + r;
    }

    private static int indexOfIgnoreCase(String s, String what) {
        for (int i = 0; i + what.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, what, 0, what.length())) {
                return i;
            }
        }
        return -1;
    }

    private HeaderRewrite[] redirectRules(HttpExchange ex, ProxyPass pass) {
        Location location = ex.location();
        Resolved r = resolved;
        if (r == null || r.pass != pass || r.location != location) {
            var server = ex.server();
            r = new Resolved(pass, location, RedirectRules.of(redirects, server.settings(), server.locations(), location, pass));
            resolved = r;
        }
        return r.rules;
    }

    /**
     * nginx's default rule: with a URI part, the URL is replaced by the location's name (nothing for a regex or
     * named location, where a URI part is refused anyway); without one, URL + "/" is replaced by "/".
     */
    static HeaderRewrite defaultRule(ProxyPass pass, Location location) {
        if (pass.uri() != null && !pass.uri().isEmpty()) {
            return new HeaderRewrite.FixedPrefix(pass.url(), locationName(location));
        }
        return new HeaderRewrite.FixedPrefix(pass.url() + "/", "/");
    }

    private static String locationName(Location location) {
        if (location == null) {
            return "";
        }
        return switch (location.kind()) {
            case REGEX, REGEX_CASELESS, NAMED -> "";
            default -> location.pattern();
        };
    }

    private static Set<String> names(List<String> list) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(list);
        return set;
    }
}
