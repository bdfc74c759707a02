package dev.pier.http;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.LOCATION;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.Context;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;

/** Sizes and timeouts of client connections, with nginx's names and defaults. */
public final class ConnectionLimitsModule implements HttpModule {
    public static final ConfigKey<Long> CLIENT_HEADER_BUFFER_SIZE = ConfigKey.of("client_header_buffer_size", 1024L);
    public static final ConfigKey<LargeHeaderBuffers> LARGE_CLIENT_HEADER_BUFFERS =
            ConfigKey.of("large_client_header_buffers", new LargeHeaderBuffers(4, 8192));
    public static final ConfigKey<Long> CLIENT_MAX_BODY_SIZE = ConfigKey.of("client_max_body_size", 1024L * 1024);
    public static final ConfigKey<Long> CLIENT_HEADER_TIMEOUT = ConfigKey.of("client_header_timeout", 60_000L);
    public static final ConfigKey<Long> CLIENT_BODY_TIMEOUT = ConfigKey.of("client_body_timeout", 60_000L);
    public static final ConfigKey<Long> SEND_TIMEOUT = ConfigKey.of("send_timeout", 60_000L);
    public static final ConfigKey<KeepaliveTimeout> KEEPALIVE_TIMEOUT =
            ConfigKey.of("keepalive_timeout", new KeepaliveTimeout(75_000L, -1));
    public static final ConfigKey<Long> KEEPALIVE_REQUESTS = ConfigKey.of("keepalive_requests", 1000L);
    public static final ConfigKey<Long> KEEPALIVE_TIME = ConfigKey.of("keepalive_time", 3_600_000L);
    public static final ConfigKey<String> LINGERING_CLOSE = ConfigKey.of("lingering_close", "on");
    public static final ConfigKey<Long> LINGERING_TIME = ConfigKey.of("lingering_time", 30_000L);
    public static final ConfigKey<Long> LINGERING_TIMEOUT = ConfigKey.of("lingering_timeout", 5_000L);
    public static final ConfigKey<Boolean> IGNORE_INVALID_HEADERS = ConfigKey.of("ignore_invalid_headers", true);
    public static final ConfigKey<Boolean> UNDERSCORES_IN_HEADERS = ConfigKey.of("underscores_in_headers", false);

    /** {@code large_client_header_buffers number size}. */
    public record LargeHeaderBuffers(int number, int size) { }

    /** {@code keepalive_timeout timeout [header_timeout]}; {@code headerSeconds} is -1 when no Keep-Alive header is sent. */
    public record KeepaliveTimeout(long millis, long headerSeconds) { }

    @Override public void directives(DirectiveRegistry r) {
        size(r, CLIENT_HEADER_BUFFER_SIZE, HTTP, SERVER);
        r.add(DirectiveSpec.named("large_client_header_buffers").in(HTTP, SERVER).args(2).handle(ConnectionLimitsModule::largeBuffers));
        size(r, CLIENT_MAX_BODY_SIZE, HTTP, SERVER, LOCATION);
        time(r, CLIENT_HEADER_TIMEOUT, HTTP, SERVER);
        time(r, CLIENT_BODY_TIMEOUT, HTTP, SERVER, LOCATION);
        time(r, SEND_TIMEOUT, HTTP, SERVER, LOCATION);
        r.add(DirectiveSpec.named("keepalive_timeout").in(HTTP, SERVER, LOCATION).args(1, 2).handle(ConnectionLimitsModule::keepaliveTimeout));
        r.add(DirectiveSpec.named("keepalive_requests").in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> {
            long n = ConfigValues.number(d.arg(0));
            if (n < 0) {
                throw ctx.invalidValue(d, d.arg(0));
            }
            ctx.setOnce(KEEPALIVE_REQUESTS, n, d);
        }));
        time(r, KEEPALIVE_TIME, HTTP, SERVER, LOCATION);
        r.add(DirectiveSpec.named("lingering_close").in(HTTP, SERVER, LOCATION).args(1).handle((d, ctx) -> {
            String v = d.arg(0);
            if (!v.equals("on") && !v.equals("off") && !v.equals("always")) {
                throw ctx.invalidValue(d, v);
            }
            ctx.setOnce(LINGERING_CLOSE, v, d);
        }));
        time(r, LINGERING_TIME, HTTP, SERVER, LOCATION);
        time(r, LINGERING_TIMEOUT, HTTP, SERVER, LOCATION);
        HttpCoreModule.flag(r, IGNORE_INVALID_HEADERS, HTTP, SERVER);
        HttpCoreModule.flag(r, UNDERSCORES_IN_HEADERS, HTTP, SERVER);
        // accepted sizes whose memory role Pier plays differently (bodies stream, they are not buffered whole)
        for (String name : new String[] {"client_body_buffer_size", "client_body_in_file_only", "client_body_in_single_buffer",
                "client_body_temp_path", "reset_timedout_connection", "request_pool_size", "connection_pool_size",
                "output_buffers", "postpone_output", "send_lowat", "chunked_transfer_encoding",
                "server_names_hash_bucket_size", "server_names_hash_max_size", "variables_hash_max_size",
                "variables_hash_bucket_size", "types_hash_max_size", "types_hash_bucket_size", "sendfile", "sendfile_max_chunk",
                "tcp_nopush", "tcp_nodelay", "aio", "aio_write", "directio", "directio_alignment", "read_ahead",
                "keepalive_disable", "subrequest_output_buffer_size", "disable_symlinks"}) {
            r.add(DirectiveSpec.named(name).in(HTTP, SERVER, LOCATION).args(1, DirectiveSpec.MANY).accepted());
        }
    }

    private static void size(DirectiveRegistry r, ConfigKey<Long> key, Context first, Context... rest) {
        r.add(DirectiveSpec.named(key.name()).in(first, rest).args(1)
                .handle((d, ctx) -> ctx.setOnce(key, ConfigValues.size(d, 0, ctx), d)));
    }

    private static void time(DirectiveRegistry r, ConfigKey<Long> key, Context first, Context... rest) {
        r.add(DirectiveSpec.named(key.name()).in(first, rest).args(1)
                .handle((d, ctx) -> ctx.setOnce(key, ConfigValues.millis(d, 0, ctx), d)));
    }

    private static void largeBuffers(ConfigDirective d, LoadContext ctx) {
        long n = ConfigValues.number(d.arg(0));
        long size = ConfigValues.size(d.arg(1));
        if (n <= 0 || n > 1024) {
            throw ctx.error("invalid value \"" + d.arg(0) + "\"", d);
        }
        if (size <= 1 || size > Integer.MAX_VALUE) {
            throw ctx.error("invalid value \"" + d.arg(1) + "\"", d);
        }
        ctx.setOnce(LARGE_CLIENT_HEADER_BUFFERS, new LargeHeaderBuffers((int) n, (int) size), d);
    }

    private static void keepaliveTimeout(ConfigDirective d, LoadContext ctx) {
        long millis = ConfigValues.millis(d, 0, ctx);
        long header = -1;
        if (d.argCount() == 2) {
            header = ConfigValues.millis(d, 1, ctx) / 1000;
        }
        ctx.setOnce(KEEPALIVE_TIMEOUT, new KeepaliveTimeout(millis, header), d);
    }
}
