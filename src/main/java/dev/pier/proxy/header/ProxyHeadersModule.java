package dev.pier.proxy.header;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.ContentHandler;
import dev.pier.http.HttpModule;
import dev.pier.http.LocationPlan;
import dev.pier.http.Pcre;
import dev.pier.proxy.ProxyPass;
import dev.pier.variables.Template;
import dev.pier.variables.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The proxy module's header rules: {@code proxy_set_header}, {@code proxy_pass_request_headers},
 * {@code proxy_hide_header}, {@code proxy_pass_header}, {@code proxy_ignore_headers}, {@code proxy_redirect},
 * {@code proxy_cookie_domain}, {@code proxy_cookie_path}, {@code proxy_cookie_flags} (and the accepted
 * {@code proxy_headers_hash_*} sizes). Each level's lines become settings here; the proxy
 * handler compiles a location's merged settings once into {@link UpstreamRequestHeaders} and
 * {@link UpstreamResponseHeaders}. Also adds {@code $proxy_add_x_forwarded_for}.
 */
public final class ProxyHeadersModule implements HttpModule {
    /** proxy_set_header lines of a level, in order; a level with any replaces the inherited list whole. */
    static final ConfigKey<List<SetHeader>> SET_HEADERS = ConfigKey.of("proxy_set_header", null);
    static final ConfigKey<Boolean> PASS_REQUEST_HEADERS = ConfigKey.of("proxy_pass_request_headers", true);
    /** proxy_hide_header and proxy_pass_header names; each list is inherited on its own, as nginx's merge. */
    static final ConfigKey<List<String>> HIDE_HEADERS = ConfigKey.of("proxy_hide_header", null);
    static final ConfigKey<List<String>> PASS_HEADERS = ConfigKey.of("proxy_pass_header", null);
    /** proxy_ignore_headers as a mask of {@link IgnoredHeader} bits; read it through {@link UpstreamResponseHeaders#ignores}. */
    static final ConfigKey<Integer> IGNORE_HEADERS = ConfigKey.of("proxy_ignore_headers", 0);
    /** Unset: a location with a plain proxy_pass gets the default rule. */
    static final ConfigKey<RewriteList> REDIRECTS = ConfigKey.of("proxy_redirect", null);
    static final ConfigKey<RewriteList> COOKIE_DOMAINS = ConfigKey.of("proxy_cookie_domain", RewriteList.OFF);
    static final ConfigKey<RewriteList> COOKIE_PATHS = ConfigKey.of("proxy_cookie_path", RewriteList.OFF);
    static final ConfigKey<CookieFlags.Rules> COOKIE_FLAGS = ConfigKey.of("proxy_cookie_flags", CookieFlags.Rules.OFF);
    /** Accepted for nginx's configurations: Pier's header sets are not fixed-size hashes. */
    private static final ConfigKey<Long> HASH_MAX_SIZE = ConfigKey.of("proxy_headers_hash_max_size", 512L);
    private static final ConfigKey<Long> HASH_BUCKET_SIZE = ConfigKey.of("proxy_headers_hash_bucket_size", 64L);

    /**
     * For this package's tests only: when set before a configuration loads, every location gets the content
     * handler it makes from the location's merged settings, so the compiled rules run on real exchanges.
     */
    static volatile Function<Settings, ContentHandler> testContent;

    static {
        Variables.builtIn("proxy_add_x_forwarded_for", new ForwardedFor());
    }

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("proxy_set_header").in(HTTP, SERVER, LOCATION).args(2).handle(ProxyHeadersModule::setHeader));
        r.add(DirectiveSpec.named("proxy_pass_request_headers").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(PASS_REQUEST_HEADERS, ConfigValues.flag(d, ctx), d)));
        r.add(DirectiveSpec.named("proxy_hide_header").in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> addName(HIDE_HEADERS, d, ctx)));
        r.add(DirectiveSpec.named("proxy_pass_header").in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> addName(PASS_HEADERS, d, ctx)));
        r.add(DirectiveSpec.named("proxy_ignore_headers").in(HTTP, SERVER, LOCATION).args(1, DirectiveSpec.MANY)
                .handle(ProxyHeadersModule::ignoreHeaders));
        r.add(DirectiveSpec.named("proxy_redirect").in(HTTP, SERVER, LOCATION).args(1, 2).handle(ProxyHeadersModule::redirect));
        r.add(DirectiveSpec.named("proxy_cookie_domain").in(HTTP, SERVER, LOCATION).args(1, 2).handle(ProxyHeadersModule::cookieDomain));
        r.add(DirectiveSpec.named("proxy_cookie_path").in(HTTP, SERVER, LOCATION).args(1, 2).handle(ProxyHeadersModule::cookiePath));
        r.add(DirectiveSpec.named("proxy_cookie_flags").in(HTTP, SERVER, LOCATION).args(1, 4).handle(ProxyHeadersModule::cookieFlags));
        r.add(DirectiveSpec.named("proxy_headers_hash_max_size").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> number(HASH_MAX_SIZE, d, ctx)));
        r.add(DirectiveSpec.named("proxy_headers_hash_bucket_size").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> number(HASH_BUCKET_SIZE, d, ctx)));
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        Function<Settings, ContentHandler> test = testContent;
        if (test != null) {
            plan.contentIfUnset(test.apply(settings));
        }
    }

    private static Template template(String text, ConfigDirective d, LoadContext ctx) {
        try {
            return Template.compile(text);
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }

    private static void setHeader(ConfigDirective d, LoadContext ctx) {
        List<SetHeader> list = ctx.settings().isSet(SET_HEADERS) ? ctx.settings().get(SET_HEADERS) : new ArrayList<>();
        list.add(new SetHeader(d.arg(0), template(d.arg(1), d, ctx)));
        ctx.settings().set(SET_HEADERS, list);
    }

    private static void addName(ConfigKey<List<String>> key, ConfigDirective d, LoadContext ctx) {
        List<String> list = ctx.settings().isSet(key) ? ctx.settings().get(key) : new ArrayList<>();
        list.add(d.arg(0));
        ctx.settings().set(key, list);
    }

    /** nginx's bitmask slot: names add up over a level's lines; a repeated one is a warning, an unknown one an error. */
    private static void ignoreHeaders(ConfigDirective d, LoadContext ctx) {
        int mask = ctx.settings().isSet(IGNORE_HEADERS) ? ctx.settings().get(IGNORE_HEADERS) : 0;
        for (String name : d.args()) {
            IgnoredHeader h = IgnoredHeader.named(name);
            if (h == null) {
                throw ctx.error("invalid value \"" + name + "\"", d);
            }
            if ((mask & h.bit()) != 0) {
                ctx.warn("duplicate value \"" + name + "\"", d);
            }
            mask |= h.bit();
        }
        ctx.settings().set(IGNORE_HEADERS, mask);
    }

    /** The rules a level has so far, or null; {@code off} takes no rules after or before it ("is duplicate"). */
    private static RewriteList current(ConfigKey<RewriteList> key, ConfigDirective d, LoadContext ctx) {
        RewriteList cur = ctx.settings().isSet(key) ? ctx.settings().get(key) : null;
        if (cur != null && cur.off()) {
            throw ctx.duplicate(d);
        }
        return cur;
    }

    /** Handles {@code off}; true when the line was it. */
    private static boolean off(ConfigKey<RewriteList> key, RewriteList cur, ConfigDirective d, LoadContext ctx) {
        if (d.argCount() != 1 || !d.arg(0).equals("off")) {
            return false;
        }
        if (cur != null) {
            throw ctx.duplicate(d);
        }
        ctx.settings().set(key, RewriteList.OFF);
        return true;
    }

    private static void add(ConfigKey<RewriteList> key, RewriteList cur, HeaderRewrite rule, LoadContext ctx) {
        List<HeaderRewrite> rules = cur == null ? new ArrayList<>() : cur.rules();
        rules.add(rule);
        ctx.settings().set(key, new RewriteList(false, rules));
    }

    private static void redirect(ConfigDirective d, LoadContext ctx) {
        RewriteList cur = current(REDIRECTS, d, ctx);
        if (off(REDIRECTS, cur, d, ctx)) {
            return;
        }
        if (d.argCount() == 1) {
            if (!d.arg(0).equals("default")) {
                throw ctx.error("invalid parameter \"" + d.arg(0) + "\"", d);
            }
            // the proxy_pass of this very level, read when the line is: nginx requires it to come first
            ProxyPass pass = ctx.settings().get(ProxyPass.KEY);
            if (pass != null && pass.hasVariables()) {
                throw ctx.error("\"proxy_redirect default\" cannot be used with \"proxy_pass\" directive with variables", d);
            }
            if (pass == null) {
                throw ctx.error("\"proxy_redirect default\" should be placed after the \"proxy_pass\" directive", d);
            }
            add(REDIRECTS, cur, HeaderRewrite.Default.INSTANCE, ctx);
            return;
        }
        add(REDIRECTS, cur, patternRule(d, ctx), ctx);
    }

    private static void cookieDomain(ConfigDirective d, LoadContext ctx) {
        RewriteList cur = current(COOKIE_DOMAINS, d, ctx);
        if (off(COOKIE_DOMAINS, cur, d, ctx)) {
            return;
        }
        if (d.argCount() == 1) {
            throw ctx.error("invalid parameter \"" + d.arg(0) + "\"", d);
        }
        HeaderRewrite rule;
        if (d.arg(0).startsWith("~")) {
            // a domain regex is always caseless, and "~*" is not special (nginx compiles the '*' into the regex)
            rule = new HeaderRewrite.Regex(regex(d.arg(0).substring(1), true, d, ctx), template(d.arg(1), d, ctx));
        } else {
            rule = new HeaderRewrite.Domain(template(withoutDot(d.arg(0)), d, ctx), template(withoutDot(d.arg(1)), d, ctx));
        }
        add(COOKIE_DOMAINS, cur, rule, ctx);
    }

    private static void cookiePath(ConfigDirective d, LoadContext ctx) {
        RewriteList cur = current(COOKIE_PATHS, d, ctx);
        if (off(COOKIE_PATHS, cur, d, ctx)) {
            return;
        }
        if (d.argCount() == 1) {
            throw ctx.error("invalid parameter \"" + d.arg(0) + "\"", d);
        }
        add(COOKIE_PATHS, cur, patternRule(d, ctx), ctx);
    }

    private static void cookieFlags(ConfigDirective d, LoadContext ctx) {
        CookieFlags.Rules cur = ctx.settings().isSet(COOKIE_FLAGS) ? ctx.settings().get(COOKIE_FLAGS) : null;
        if (cur != null && cur.off()) {
            throw ctx.duplicate(d);
        }
        if (d.argCount() == 1) {
            if (!d.arg(0).equals("off")) {
                throw ctx.error("invalid parameter \"" + d.arg(0) + "\"", d);
            }
            if (cur != null) {
                throw ctx.duplicate(d);
            }
            ctx.settings().set(COOKIE_FLAGS, CookieFlags.Rules.OFF);
            return;
        }
        String cookie = d.arg(0);
        // flags are templates checked per request, as nginx: an unknown one does nothing
        List<Template> flags = new ArrayList<>();
        for (int i = 1; i < d.argCount(); i++) {
            flags.add(template(d.arg(i), d, ctx));
        }
        CookieFlags line = cookie.startsWith("~")
                ? new CookieFlags(null, regex(cookie.substring(1), true, d, ctx), List.copyOf(flags))
                : new CookieFlags(template(cookie, d, ctx), null, List.copyOf(flags));
        List<CookieFlags> lines = cur == null ? new ArrayList<>() : cur.lines();
        lines.add(line);
        ctx.settings().set(COOKIE_FLAGS, new CookieFlags.Rules(false, lines));
    }

    /** ngx_conf_set_num_slot: a plain number, once per level. */
    private static void number(ConfigKey<Long> key, ConfigDirective d, LoadContext ctx) {
        if (ctx.settings().isSet(key)) {
            throw ctx.duplicate(d);
        }
        long n = ConfigValues.number(d.arg(0));
        if (n < 0) {
            throw ctx.error("\"" + d.name() + "\" directive invalid number", d);
        }
        ctx.settings().set(key, n);
    }

    /** A pair of proxy_redirect or proxy_cookie_path: {@code ~regex}, {@code ~*regex} or a prefix template. */
    private static HeaderRewrite patternRule(ConfigDirective d, LoadContext ctx) {
        String pattern = d.arg(0);
        if (pattern.startsWith("~*")) {
            return new HeaderRewrite.Regex(regex(pattern.substring(2), true, d, ctx), template(d.arg(1), d, ctx));
        }
        if (pattern.startsWith("~")) {
            return new HeaderRewrite.Regex(regex(pattern.substring(1), false, d, ctx), template(d.arg(1), d, ctx));
        }
        return new HeaderRewrite.Prefix(template(pattern, d, ctx), template(d.arg(1), d, ctx));
    }

    private static java.util.regex.Pattern regex(String regex, boolean caseless, ConfigDirective d, LoadContext ctx) {
        try {
            java.util.regex.Pattern p = Pcre.compile(regex, caseless);
            Variables.declareCaptures(regex);
            return p;
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }

    private static String withoutDot(String domain) {
        return domain.startsWith(".") ? domain.substring(1) : domain;
    }
}
