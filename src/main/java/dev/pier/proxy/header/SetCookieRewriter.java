package dev.pier.proxy.header;

import dev.pier.http.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code proxy_cookie_domain}, {@code proxy_cookie_path} and {@code proxy_cookie_flags} on one Set-Cookie value, as nginx 1.22's
 * ngx_http_proxy_rewrite_cookie: the value is split at ';' into attributes (spaces around names and values
 * trimmed), the first being the cookie itself; each {@code Domain}/{@code Path} attribute after it goes through
 * the level's rules, then the flags of the first {@code proxy_cookie_flags} line naming the cookie are applied;
 * when anything was rewritten the value is written again from its attributes joined by "; "
 * (so the spacing of the whole value is normalized), otherwise it is left exactly as the upstream sent it.
 */
final class SetCookieRewriter {
    private final RewriteList domains;
    private final RewriteList paths;
    private final CookieFlags.Rules flags;

    SetCookieRewriter(RewriteList domains, RewriteList paths, CookieFlags.Rules flags) {
        this.domains = domains;
        this.paths = paths;
        this.flags = flags;
    }

    boolean active() { return domains.active() || paths.active() || flags.active(); }

    /** The rewritten value, or {@code value} itself when no rule applied. */
    String rewrite(HttpExchange ex, String value) {
        List<String[]> attrs = parse(value);
        if (attrs.get(0)[1] == null) {
            return value;   // no "name=value": not a cookie nginx rewrites
        }
        boolean changed = false;
        for (int i = 1; i < attrs.size(); i++) {
            String[] a = attrs.get(i);
            if (a[1] == null) {
                continue;
            }
            if (domains.active() && a[0].equalsIgnoreCase("domain")) {
                String r = firstMatch(ex, domains, a[1]);
                if (r != null) {
                    a[1] = r;
                    changed = true;
                }
            }
            if (paths.active() && a[0].equalsIgnoreCase("path")) {
                String r = firstMatch(ex, paths, a[1]);
                if (r != null) {
                    a[1] = r;
                    changed = true;
                }
            }
        }
        if (flags.active()) {
            int mask = flags.flagsFor(ex, attrs.get(0)[0]);
            if (mask != 0) {
                CookieFlags.edit(attrs, mask);
                changed = true;
            }
        }
        return changed ? join(attrs) : value;
    }

    private static String firstMatch(HttpExchange ex, RewriteList list, String value) {
        for (HeaderRewrite rule : list.rules()) {
            String r = rule.apply(ex, value);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** ngx_http_proxy_parse_cookie: {name, value-or-null} per ';'-separated part, empty parts included. */
    static List<String[]> parse(String value) {
        List<String[]> attrs = new ArrayList<>(4);
        int start = 0;
        int end = value.length();
        while (true) {
            int last = value.indexOf(';', start);
            if (last < 0) {
                last = end;
            }
            while (start < last && value.charAt(start) == ' ') {
                start++;
            }
            int p = start;
            while (p < last && value.charAt(p) != '=') {
                p++;
            }
            int nameEnd = p;
            while (nameEnd > start && value.charAt(nameEnd - 1) == ' ') {
                nameEnd--;
            }
            String v = null;
            if (p < last) {
                p++;
                while (p < last && value.charAt(p) == ' ') {
                    p++;
                }
                int valueEnd = last;
                while (valueEnd > p && value.charAt(valueEnd - 1) == ' ') {
                    valueEnd--;
                }
                v = value.substring(p, valueEnd);
            }
            attrs.add(new String[] {value.substring(start, nameEnd), v});
            if (last == end) {
                return attrs;
            }
            start = last + 1;
        }
    }

    private static String join(List<String[]> attrs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < attrs.size(); i++) {
            if (attrs.get(i)[0] == null) {
                continue;   // a flag proxy_cookie_flags removed
            }
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(attrs.get(i)[0]);
            if (attrs.get(i)[1] != null) {
                sb.append('=').append(attrs.get(i)[1]);
            }
        }
        return sb.toString();
    }
}
