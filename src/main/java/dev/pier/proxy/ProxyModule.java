package dev.pier.proxy;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.IF_IN_LOCATION;
import static dev.pier.config.Context.LIMIT_EXCEPT;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.config.syntax.ConfigException;
import dev.pier.config.syntax.ConfigSource;
import dev.pier.http.HttpConfigBuilder;
import dev.pier.http.HttpModule;
import dev.pier.http.LocationPlan;
import dev.pier.http.location.Location;
import dev.pier.upstream.Upstream;
import dev.pier.upstream.Upstreams;
import dev.pier.variables.Template;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx's ngx_http_proxy_module, its request path: {@code proxy_pass} and the directives that shape how a
 * request goes to the upstream and how the response comes back. The header rules (proxy_set_header and
 * friends) are applied through {@link HeaderRules}.
 */
public final class ProxyModule implements HttpModule {
    static final ConfigKey<ConfigSource> PASS_SOURCE = ConfigKey.local("proxy_pass.source", null);
    static final ConfigKey<Boolean> HTTP_11 = ConfigKey.of("proxy_http_version", false);
    static final ConfigKey<Long> CONNECT_TIMEOUT = ConfigKey.of("proxy_connect_timeout", 60_000L);
    static final ConfigKey<Long> READ_TIMEOUT = ConfigKey.of("proxy_read_timeout", 60_000L);
    static final ConfigKey<Long> SEND_TIMEOUT = ConfigKey.of("proxy_send_timeout", 60_000L);
    static final ConfigKey<Boolean> BUFFERING = ConfigKey.of("proxy_buffering", true);
    static final ConfigKey<Boolean> REQUEST_BUFFERING = ConfigKey.of("proxy_request_buffering", true);
    static final ConfigKey<Long> BUFFER_SIZE = ConfigKey.of("proxy_buffer_size", 4096L);
    /** proxy_buffers as {number, size}. */
    static final ConfigKey<long[]> BUFFERS = ConfigKey.of("proxy_buffers", new long[] {8, 4096});
    static final ConfigKey<Long> BUSY_BUFFERS_SIZE = ConfigKey.of("proxy_busy_buffers_size", 8192L);
    static final ConfigKey<Long> MAX_TEMP_FILE_SIZE = ConfigKey.of("proxy_max_temp_file_size", 1024L * 1024 * 1024);
    static final ConfigKey<Long> TEMP_FILE_WRITE_SIZE = ConfigKey.of("proxy_temp_file_write_size", 8192L);
    static final ConfigKey<String> TEMP_PATH = ConfigKey.of("proxy_temp_path", "proxy_temp");
    static final ConfigKey<Boolean> PASS_REQUEST_BODY = ConfigKey.of("proxy_pass_request_body", true);
    static final ConfigKey<Boolean> INTERCEPT_ERRORS = ConfigKey.of("proxy_intercept_errors", false);
    static final ConfigKey<NextUpstream> NEXT_UPSTREAM = ConfigKey.of("proxy_next_upstream", NextUpstream.DEFAULT);
    static final ConfigKey<Long> NEXT_UPSTREAM_TRIES = ConfigKey.of("proxy_next_upstream_tries", 0L);
    static final ConfigKey<Long> NEXT_UPSTREAM_TIMEOUT = ConfigKey.of("proxy_next_upstream_timeout", 0L);
    static final ConfigKey<Boolean> IGNORE_CLIENT_ABORT = ConfigKey.of("proxy_ignore_client_abort", false);
    static final ConfigKey<Template> METHOD = ConfigKey.of("proxy_method", null);
    static final ConfigKey<Boolean> SOCKET_KEEPALIVE = ConfigKey.of("proxy_socket_keepalive", false);

    static {
        ProxyVariables.register();
    }

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("proxy_pass").in(LOCATION, IF_IN_LOCATION, LIMIT_EXCEPT).args(1).handle(ProxyModule::proxyPass));
        r.add(DirectiveSpec.named(HTTP_11.name()).in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> {
            if (!d.arg(0).equals("1.0") && !d.arg(0).equals("1.1")) {
                throw ctx.error("invalid value \"" + d.arg(0) + "\"", d);
            }
            ctx.setOnce(HTTP_11, d.arg(0).equals("1.1"), d);
        }));
        for (ConfigKey<Long> key : List.of(CONNECT_TIMEOUT, READ_TIMEOUT, SEND_TIMEOUT, NEXT_UPSTREAM_TIMEOUT)) {
            r.add(DirectiveSpec.named(key.name()).in(HTTP, SERVER, LOCATION).args(1)
                    .handle((d, ctx) -> ctx.setOnce(key, ConfigValues.millis(d, 0, ctx), d)));
        }
        for (ConfigKey<Long> key : List.of(BUFFER_SIZE, BUSY_BUFFERS_SIZE, MAX_TEMP_FILE_SIZE, TEMP_FILE_WRITE_SIZE)) {
            r.add(DirectiveSpec.named(key.name()).in(HTTP, SERVER, LOCATION).args(1)
                    .handle((d, ctx) -> ctx.setOnce(key, ConfigValues.size(d, 0, ctx), d)));
        }
        for (ConfigKey<Boolean> key : List.of(BUFFERING, REQUEST_BUFFERING, PASS_REQUEST_BODY, INTERCEPT_ERRORS,
                IGNORE_CLIENT_ABORT, SOCKET_KEEPALIVE)) {
            r.add(DirectiveSpec.named(key.name()).in(HTTP, SERVER, LOCATION).args(1)
                    .handle((d, ctx) -> ctx.setOnce(key, ConfigValues.flag(d, ctx), d)));
        }
        r.add(DirectiveSpec.named(BUFFERS.name()).in(HTTP, SERVER, LOCATION).args(2).handle((d, ctx) -> {
            long n = ConfigValues.number(d.arg(0));
            long size = ConfigValues.size(d.arg(1));
            if (n <= 0 || size <= 0) {
                throw ctx.error("\"" + d.name() + "\" directive invalid value", d);
            }
            ctx.setOnce(BUFFERS, new long[] {n, size}, d);
        }));
        r.add(DirectiveSpec.named(TEMP_PATH.name()).in(HTTP, SERVER, LOCATION).args(1, 4)
                .handle((d, ctx) -> ctx.setOnce(TEMP_PATH, d.arg(0), d)));
        r.add(DirectiveSpec.named(NEXT_UPSTREAM_TRIES.name()).in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> {
            long n = ConfigValues.number(d.arg(0));
            if (n < 0) {
                throw ctx.error("invalid number \"" + d.arg(0) + "\"", d);
            }
            ctx.setOnce(NEXT_UPSTREAM_TRIES, n, d);
        }));
        r.add(DirectiveSpec.named(NEXT_UPSTREAM.name()).in(HTTP, SERVER, LOCATION).args(1, DirectiveSpec.MANY).handle((d, ctx) -> {
            int mask = 0;
            for (String a : d.args()) {
                int bit = NextUpstream.bit(a);
                if (bit == 0) {
                    throw ctx.error("invalid value \"" + a + "\"", d);
                }
                mask |= bit;
            }
            ctx.setOnce(NEXT_UPSTREAM, new NextUpstream(mask), d);
        }));
        r.add(DirectiveSpec.named(METHOD.name()).in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(METHOD, Template.compile(d.arg(0)), d)));
    }

    /** nginx's ngx_http_proxy_pass: the URL is checked now, its host resolved once the http block is read. */
    private static void proxyPass(ConfigDirective d, LoadContext ctx) {
        if (ctx.settings().isSet(ProxyPass.KEY)) {
            throw ctx.duplicate(d);
        }
        String url = d.arg(0);
        Template template = url.indexOf('$') >= 0 ? Template.compile(url) : null;
        if (template != null && template.isConstant()) {
            template = null;
        }
        ProxyPass pass;
        if (template != null) {
            // checked per request once rendered (nginx: "invalid URL prefix in ..." at run time, a 500)
            pass = new ProxyPass(url, "http", "", "", 80, null, template, false);
        } else {
            try {
                pass = ProxyPassParser.parse(url, null);
            } catch (ProxyPassParser.InvalidUrl e) {
                throw ctx.error(e.getMessage(), d);
            }
            HttpConfigBuilder.LocationBlock location = ctx.enclosing(HttpConfigBuilder.LocationBlock.class);
            boolean noUriAllowed = location.kind() == Location.Kind.REGEX || location.kind() == Location.Kind.REGEX_CASELESS
                    || location.kind() == Location.Kind.NAMED || ctx.context() != LOCATION;
            if (pass.uri() != null && noUriAllowed) {
                throw ctx.error("\"proxy_pass\" cannot have URI part in location given by regular expression, or inside named "
                        + "location, or inside \"if\" statement, or inside \"limit_except\" block", d);
            }
        }
        ctx.settings().set(ProxyPass.KEY, pass);
        ctx.settings().set(PASS_SOURCE, d.source());
    }

    @Override public void install(LocationPlan.Builder plan, Settings settings) {
        ProxyPass pass = settings.get(ProxyPass.KEY);
        ConfigSource source = settings.get(PASS_SOURCE);
        Settings enclosing = settings.get(HttpConfigBuilder.ENCLOSING_LOCATION);
        if (pass == null && enclosing != null) {
            // an if or limit_except block without its own proxy_pass proxies with its location's (nginx merges the upstream into it)
            pass = enclosing.get(ProxyPass.KEY);
            source = enclosing.get(PASS_SOURCE);
        }
        if (pass == null) {
            return;
        }
        Upstream upstream = pass.hasVariables() ? null : resolve(pass, settings, source);
        long[] buffers = settings.get(BUFFERS);
        ProxyLocation location = new ProxyLocation(pass, upstream, settings.get(HTTP_11), settings.get(CONNECT_TIMEOUT),
                settings.get(READ_TIMEOUT), settings.get(SEND_TIMEOUT), settings.get(BUFFERING), settings.get(REQUEST_BUFFERING),
                (int) Math.min(settings.get(BUFFER_SIZE), 1 << 20), buffers[0] * buffers[1], settings.get(PASS_REQUEST_BODY),
                settings.get(INTERCEPT_ERRORS), settings.get(NEXT_UPSTREAM), (int) Math.min(settings.get(NEXT_UPSTREAM_TRIES), 1 << 16),
                settings.get(NEXT_UPSTREAM_TIMEOUT), settings.get(IGNORE_CLIENT_ABORT), settings.get(METHOD),
                settings.get(SOCKET_KEEPALIVE), HeaderRules.of(settings),
                dev.pier.proxy.resolve.ResolverModule.resolver(settings),
                // nginx prepares TLS for an https URL and for one with variables, which may turn out https
                pass.scheme().equals("https") || pass.hasVariables() ? dev.pier.tls.ProxySslModule.upstreamTls(settings, source) : null,
                settings.get(dev.pier.tls.ProxySslModule.NAME));
        plan.contentIfUnset(new ProxyHandler(location));
    }

    /**
     * The group a URL without variables goes to: the {@code upstream} block of that name when no port is
     * written, else the host's addresses, resolved now (nginx resolves them at load too).
     */
    private static Upstream resolve(ProxyPass pass, Settings settings, ConfigSource source) {
        if (pass.unix()) {
            return Upstreams.implicit("unix:" + pass.host(), List.of(new io.netty.channel.unix.DomainSocketAddress(pass.host())));
        }
        boolean portWritten = ProxyPassParser.portWritten(pass);
        Upstream group = Upstreams.find(settings, pass.host());
        if (group != null) {
            if (portWritten) {
                throw new ConfigException("upstream \"" + pass.host() + "\" may not have port " + pass.port(), source);
            }
            return group;
        }
        String host = pass.host().startsWith("[") ? pass.host().substring(1, pass.host().length() - 1) : pass.host();
        List<SocketAddress> addresses = new ArrayList<>();
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                addresses.add(new InetSocketAddress(a, pass.port()));
            }
        } catch (UnknownHostException e) {
            throw new ConfigException("host not found in upstream \"" + pass.hostText() + "\"", source);
        }
        return Upstreams.implicit(pass.hostText(), addresses);
    }
}
