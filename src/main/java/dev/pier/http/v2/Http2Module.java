package dev.pier.http.v2;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpModule;

/**
 * nginx's ngx_http_v2_module directives as nginx 1.22 reads them, plus {@code http2 on|off} (nginx 1.25.1):
 * the connection-level ones are taken from the default server of an address when a connection turns to HTTP/2,
 * {@code http2_chunk_size} from the location that answers. The directives 1.22 made obsolete warn with its
 * words and change nothing (their successors, keepalive_timeout and friends, apply), as in nginx.
 */
public final class Http2Module implements HttpModule {
    public static final ConfigKey<Boolean> HTTP2 = ConfigKey.of("http2", false);
    public static final ConfigKey<Long> MAX_CONCURRENT_STREAMS = ConfigKey.of("http2_max_concurrent_streams", 128L);
    public static final ConfigKey<Long> RECV_BUFFER_SIZE = ConfigKey.of("http2_recv_buffer_size", 256L * 1024);
    public static final ConfigKey<Long> CHUNK_SIZE = ConfigKey.of("http2_chunk_size", 8L * 1024);
    public static final ConfigKey<Long> BODY_PREREAD_SIZE = ConfigKey.of("http2_body_preread_size", 64L * 1024);
    /** What {@code http2_push} said at this level: "off", or a URI; push itself is not done (see docs). */
    private static final ConfigKey<String> PUSH = ConfigKey.local("http2_push", null);
    private static final long MAX_WINDOW = 2147483647L;

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("http2").in(HTTP, SERVER).args(1)
                .handle((d, ctx) -> ctx.setOnce(HTTP2, ConfigValues.flag(d, ctx), d)));
        r.add(DirectiveSpec.named(MAX_CONCURRENT_STREAMS.name()).in(HTTP, SERVER).args(1).handle((d, ctx) -> {
            long n = ConfigValues.number(d.arg(0));
            if (n < 0) {
                throw ctx.error("\"" + d.name() + "\" directive invalid number", d);
            }
            ctx.setOnce(MAX_CONCURRENT_STREAMS, n, d);
        }));
        r.add(DirectiveSpec.named(RECV_BUFFER_SIZE.name()).in(HTTP).args(1).handle((d, ctx) -> {
            long n = ConfigValues.size(d, 0, ctx);
            // nginx keeps room for two saved frame states (2 * 16 bytes) in the buffer
            if (n <= 32) {
                throw ctx.error("\"" + d.name() + "\" directive value is too small", d);
            }
            ctx.setOnce(RECV_BUFFER_SIZE, n, d);
        }));
        r.add(DirectiveSpec.named(CHUNK_SIZE.name()).in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> {
            long n = ConfigValues.size(d, 0, ctx);
            if (n == 0) {
                throw ctx.error("the http2 chunk size cannot be zero", d);
            }
            ctx.setOnce(CHUNK_SIZE, n, d);
        }));
        r.add(DirectiveSpec.named(BODY_PREREAD_SIZE.name()).in(HTTP, SERVER).args(1).handle((d, ctx) -> {
            long n = ConfigValues.size(d, 0, ctx);
            if (n > MAX_WINDOW) {
                throw ctx.error("the maximum body preread buffer size is " + MAX_WINDOW, d);
            }
            ctx.setOnce(BODY_PREREAD_SIZE, n, d);
        }));
        obsolete(r, "http2_idle_timeout", "keepalive_timeout");
        obsolete(r, "http2_recv_timeout", "client_header_timeout");
        obsolete(r, "http2_max_requests", "keepalive_requests");
        obsolete(r, "http2_max_field_size", "large_client_header_buffers");
        obsolete(r, "http2_max_header_size", "large_client_header_buffers");
        r.add(DirectiveSpec.named("http2_push").in(HTTP, SERVER, LOCATION).args(1).handle(Http2Module::push));
        r.add(DirectiveSpec.named("http2_push_preload").in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> {
            if (ConfigValues.flag(d, ctx)) {
                ctx.warn("server push is not supported: \"http2_push_preload\" is ignored", d);
            }
        }));
        r.add(DirectiveSpec.named("http2_max_concurrent_pushes").in(HTTP, SERVER).args(1).handle((d, ctx) -> {
            if (ConfigValues.number(d.arg(0)) < 0) {
                throw ctx.error("\"" + d.name() + "\" directive invalid number", d);
            }
        }));
        r.add(DirectiveSpec.named("http2_streams_index_size").in(HTTP, SERVER).args(1).handle((d, ctx) -> {
            long n = ConfigValues.number(d.arg(0));
            if (n < 0) {
                throw ctx.error("\"" + d.name() + "\" directive invalid number", d);
            }
            if ((n & (n - 1)) != 0) {
                throw ctx.error("\"" + d.name() + "\" directive must be a power of two", d);
            }
        }));
        r.add(DirectiveSpec.named("http2_pool_size").in(HTTP, SERVER).args(1).handle((d, ctx) -> {
            long n = ConfigValues.size(d, 0, ctx);
            if (n < 112) {
                throw ctx.error("the pool size must be no less than 112", d);
            }
        }));
    }

    /**
     * Whether a cleartext connection on {@code listen} may speak HTTP/2 with prior knowledge: the address was
     * listened with {@code http2}, or its default server has {@code http2 on} (nginx 1.25.1's rule: a plain
     * connection takes the default server's setting, as the host is not known yet).
     */
    public static boolean cleartext(dev.pier.http.ServerSelector servers, dev.pier.http.Listen listen) {
        if (listen.http2()) {
            return true;
        }
        if (servers == null) {
            return false;
        }
        var def = servers.defaultServer();
        // nginx ORs the http2 flag over the listens of an address
        return def.settings().get(HTTP2) || def.listens().stream().anyMatch(l -> l.http2() && l.address().getPort() == listen.address().getPort());
    }

    /** nginx 1.22's ngx_http_v2_obsolete: a warning naming the successor; the value is not used. */
    private static void obsolete(DirectiveRegistry r, String name, String successor) {
        r.add(DirectiveSpec.named(name).in(HTTP, SERVER).args(1)
                .warns("the \"" + name + "\" directive is obsolete, use the \"" + successor + "\" directive instead"));
    }

    /** {@code http2_push off | uri}: nginx's conflict checks; a URI is accepted with a warning, nothing is pushed. */
    private static void push(ConfigDirective d, LoadContext ctx) {
        String previous = ctx.settings().isSet(PUSH) ? ctx.settings().get(PUSH) : null;
        boolean off = d.arg(0).equals("off");
        if (off && previous != null) {
            throw ctx.error(previous.equals("off") ? "\"http2_push\" directive is duplicate"
                    : "\"http2_push\" directive \"off\" parameter cannot be used with URI", d);
        }
        if (!off && "off".equals(previous)) {
            throw ctx.error("\"http2_push\" directive URI cannot be used with \"off\" parameter", d);
        }
        ctx.settings().set(PUSH, off ? "off" : d.arg(0));
        if (!off) {
            ctx.warn("server push is not supported: \"http2_push " + d.arg(0) + "\" is ignored", d);
        }
    }
}
