package dev.pier.proxy.header;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of {@code proxy_redirect}, {@code proxy_cookie_domain} or {@code proxy_cookie_path}, as nginx's
 * ngx_http_proxy_rewrite_t: given the text after a header's fixed prefix, it answers the new text, or null when
 * it does not apply (nginx's NGX_DECLINED), so the next rule is tried.
 */
sealed interface HeaderRewrite {
    String apply(HttpExchange ex, String value);

    /**
     * A literal-or-template prefix (nginx's complex handler): case-sensitive; the matched prefix is replaced and
     * the rest kept ({@code proxy_redirect http://b/app/ /} turns {@code http://b/app/x} into {@code /x}).
     */
    record Prefix(Template pattern, Template replacement) implements HeaderRewrite {
        @Override public String apply(HttpExchange ex, String value) {
            String p = pattern.render(ex);
            if (!value.startsWith(p)) {
                return null;
            }
            return replacement.render(ex) + value.substring(p.length());
        }
    }

    /** The default rule once resolved: the proxy_pass URL text as a literal prefix, the location's name for it. */
    record FixedPrefix(String pattern, String replacement) implements HeaderRewrite {
        @Override public String apply(HttpExchange ex, String value) {
            return value.startsWith(pattern) ? replacement + value.substring(pattern.length()) : null;
        }
    }

    /**
     * A regex ({@code ~}, {@code ~*}): found anywhere in the text, it replaces the whole text; its captures become
     * the request's {@code $1}.. (and named captures), as ngx_http_regex_exec sets them, for the replacement.
     */
    record Regex(Pattern regex, Template replacement) implements HeaderRewrite {
        @Override public String apply(HttpExchange ex, String value) {
            Matcher m = regex.matcher(value);
            if (!m.find()) {
                return null;
            }
            if (m.groupCount() > 0) {
                ex.captures(m.toMatchResult());
            }
            return replacement.render(ex);
        }
    }

    /**
     * A {@code proxy_cookie_domain} pair (nginx's domain handler): a leading dot of the cookie's domain is kept
     * aside, the rest must equal the pattern ignoring case, and is then replaced whole.
     */
    record Domain(Template pattern, Template replacement) implements HeaderRewrite {
        @Override public String apply(HttpExchange ex, String value) {
            int start = !value.isEmpty() && value.charAt(0) == '.' ? 1 : 0;
            String p = pattern.render(ex);
            if (p.length() != value.length() - start || !value.regionMatches(true, start, p, 0, p.length())) {
                return null;
            }
            return value.substring(0, start) + replacement.render(ex);
        }
    }

    /**
     * {@code proxy_redirect default}, and the rule a location with a plain {@code proxy_pass} gets when no level
     * configures proxy_redirect: the proxy_pass URL is replaced by the location's name (by "/" after the host
     * when the URL has no URI part), resolved from the request's proxy_pass and location.
     */
    enum Default implements HeaderRewrite {
        INSTANCE;

        @Override public String apply(HttpExchange ex, String value) {
            throw new IllegalStateException("the default rule is resolved against a proxy_pass first");
        }
    }
}
