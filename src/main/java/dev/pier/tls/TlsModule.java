package dev.pier.tls;

import static dev.pier.config.Context.HTTP;
import static dev.pier.config.Context.SERVER;

import dev.pier.config.ConfigKey;
import dev.pier.config.ConfigValues;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.DirectiveSpec;
import dev.pier.config.LoadContext;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.http.HttpConfig;
import dev.pier.http.HttpModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * nginx's ngx_http_ssl_module: the ssl_* directives of http and server, read into settings; when the http
 * block is built, {@link TlsServers} loads every certificate and key and builds the servers' SSL contexts,
 * off the event loops. The handshake side (SNI, client certificates) lives in this package too, as do the
 * {@code $ssl_*} variables.
 */
public final class TlsModule implements HttpModule {
    static final ConfigKey<List<Path>> CERTIFICATES = ConfigKey.of("ssl_certificate", List.of());
    static final ConfigKey<List<Path>> CERTIFICATE_KEYS = ConfigKey.of("ssl_certificate_key", List.of());
    static final ConfigKey<List<String>> PASSWORDS = ConfigKey.of("ssl_password_file", List.of());
    static final ConfigKey<List<String>> PROTOCOLS = ConfigKey.of("ssl_protocols", List.of("TLSv1.2", "TLSv1.3"));
    static final ConfigKey<String> CIPHERS = ConfigKey.of("ssl_ciphers", "HIGH:!aNULL:!MD5");
    static final ConfigKey<Boolean> PREFER_SERVER_CIPHERS = ConfigKey.of("ssl_prefer_server_ciphers", false);
    static final ConfigKey<String> ECDH_CURVE = ConfigKey.of("ssl_ecdh_curve", "auto");
    static final ConfigKey<Path> DHPARAM = ConfigKey.of("ssl_dhparam", null);
    static final ConfigKey<SessionCache> SESSION_CACHE = ConfigKey.of("ssl_session_cache", SessionCache.NONE);
    static final ConfigKey<Long> SESSION_TIMEOUT = ConfigKey.of("ssl_session_timeout", 300_000L);
    static final ConfigKey<Boolean> SESSION_TICKETS = ConfigKey.of("ssl_session_tickets", true);
    static final ConfigKey<List<TicketKey>> TICKET_KEYS = ConfigKey.of("ssl_session_ticket_key", List.of());
    static final ConfigKey<Boolean> EARLY_DATA = ConfigKey.of("ssl_early_data", false);
    static final ConfigKey<Long> BUFFER_SIZE = ConfigKey.of("ssl_buffer_size", 16384L);
    static final ConfigKey<Boolean> REJECT_HANDSHAKE = ConfigKey.of("ssl_reject_handshake", false);
    static final ConfigKey<Path> CLIENT_CERTIFICATE = ConfigKey.of("ssl_client_certificate", null);
    static final ConfigKey<Path> TRUSTED_CERTIFICATE = ConfigKey.of("ssl_trusted_certificate", null);
    /** Read per request too: a request's own server decides whether it needs a client certificate. */
    public static final ConfigKey<VerifyClient> VERIFY_CLIENT = ConfigKey.of("ssl_verify_client", VerifyClient.OFF);
    static final ConfigKey<Integer> VERIFY_DEPTH = ConfigKey.of("ssl_verify_depth", 1);
    static final ConfigKey<Path> CRL = ConfigKey.of("ssl_crl", null);
    static final ConfigKey<Boolean> STAPLING = ConfigKey.of("ssl_stapling", false);
    static final ConfigKey<Path> STAPLING_FILE = ConfigKey.of("ssl_stapling_file", null);
    static final ConfigKey<Boolean> STAPLING_VERIFY = ConfigKey.of("ssl_stapling_verify", false);
    static final ConfigKey<String> STAPLING_RESPONDER = ConfigKey.of("ssl_stapling_responder", null);

    private static final Set<String> PROTOCOL_NAMES = Set.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    static {
        SslVariables.register();
    }

    @Override public void directives(DirectiveRegistry r) {
        r.add(DirectiveSpec.named("ssl_certificate").in(HTTP, SERVER).args(1).handle((d, ctx) -> append(CERTIFICATES, file(d, ctx), ctx)));
        r.add(DirectiveSpec.named("ssl_certificate_key").in(HTTP, SERVER).args(1)
                .handle((d, ctx) -> append(CERTIFICATE_KEYS, file(d, ctx), ctx)));
        r.add(DirectiveSpec.named("ssl_password_file").in(HTTP, SERVER).args(1).handle((d, ctx) -> passwordFile(PASSWORDS, d, ctx)));
        r.add(DirectiveSpec.named("ssl_protocols").in(HTTP, SERVER).args(1, DirectiveSpec.MANY).handle((d, ctx) -> protocols(PROTOCOLS, d, ctx)));
        r.add(DirectiveSpec.named("ssl_ciphers").in(HTTP, SERVER).args(1).handle((d, ctx) -> ctx.setOnce(CIPHERS, d.arg(0), d)));
        flag(r, PREFER_SERVER_CIPHERS);
        r.add(DirectiveSpec.named("ssl_ecdh_curve").in(HTTP, SERVER).args(1).handle((d, ctx) -> ctx.setOnce(ECDH_CURVE, d.arg(0), d)));
        r.add(DirectiveSpec.named("ssl_dhparam").in(HTTP, SERVER).args(1).handle((d, ctx) -> ctx.setOnce(DHPARAM, file(d, ctx), d)));
        r.add(DirectiveSpec.named("ssl_session_cache").in(HTTP, SERVER).args(1, 2).handle(TlsModule::sessionCache));
        r.add(DirectiveSpec.named("ssl_session_timeout").in(HTTP, SERVER).args(1)
                .handle((d, ctx) -> ctx.setOnce(SESSION_TIMEOUT, ConfigValues.millis(d, 0, ctx), d)));
        flag(r, SESSION_TICKETS);
        r.add(DirectiveSpec.named("ssl_session_ticket_key").in(HTTP, SERVER).args(1).handle(TlsModule::ticketKey));
        r.add(DirectiveSpec.named("ssl_early_data").in(HTTP, SERVER).args(1).handle(TlsModule::earlyData));
        r.add(DirectiveSpec.named("ssl_buffer_size").in(HTTP, SERVER).args(1)
                .handle((d, ctx) -> ctx.setOnce(BUFFER_SIZE, ConfigValues.size(d, 0, ctx), d)));
        flag(r, REJECT_HANDSHAKE);
        r.add(DirectiveSpec.named("ssl_client_certificate").in(HTTP, SERVER).args(1)
                .handle((d, ctx) -> ctx.setOnce(CLIENT_CERTIFICATE, file(d, ctx), d)));
        r.add(DirectiveSpec.named("ssl_trusted_certificate").in(HTTP, SERVER).args(1)
                .handle((d, ctx) -> ctx.setOnce(TRUSTED_CERTIFICATE, file(d, ctx), d)));
        r.add(DirectiveSpec.named("ssl_verify_client").in(HTTP, SERVER).args(1).handle(TlsModule::verifyClient));
        r.add(DirectiveSpec.named("ssl_verify_depth").in(HTTP, SERVER).args(1).handle(TlsModule::verifyDepth));
        r.add(DirectiveSpec.named("ssl_crl").in(HTTP, SERVER).args(1).handle((d, ctx) -> ctx.setOnce(CRL, file(d, ctx), d)));
        flag(r, STAPLING);
        r.add(DirectiveSpec.named("ssl_stapling_file").in(HTTP, SERVER).args(1)
                .handle((d, ctx) -> ctx.setOnce(STAPLING_FILE, file(d, ctx), d)));
        flag(r, STAPLING_VERIFY);
        r.add(DirectiveSpec.named("ssl_stapling_responder").in(HTTP, SERVER).args(1)
                .handle((d, ctx) -> ctx.setOnce(STAPLING_RESPONDER, d.arg(0), d)));
    }

    /** Every certificate and key is loaded now, at load, and each server's SSL context built. */
    @Override public void built(HttpConfig http, LoadContext ctx) {
        TlsServers servers = TlsServers.build(http, ctx::warn);
        if (servers != null) {
            ctx.result().put(TlsServers.class, servers);
        }
    }

    private static void flag(DirectiveRegistry r, ConfigKey<Boolean> key) {
        r.add(DirectiveSpec.named(key.name()).in(HTTP, SERVER).args(1)
                .handle((d, ctx) -> ctx.setOnce(key, ConfigValues.flag(d, ctx), d)));
    }

    /** nginx resolves these files against the configuration's directory. */
    static Path file(ConfigDirective d, LoadContext ctx) {
        return ctx.confDir().resolve(d.arg(0)).normalize();
    }

    /** A directive that may repeat at one level (ssl_certificate): its lines add up there, and replace the parent's. */
    private static <T> void append(ConfigKey<List<T>> key, T value, LoadContext ctx) {
        List<T> list = new ArrayList<>(ctx.settings().isSet(key) ? ctx.settings().get(key) : List.of());
        list.add(value);
        ctx.settings().set(key, List.copyOf(list));
    }

    /** nginx reads the passphrases when it reads the directive (ssl_password_file, proxy_ssl_password_file). */
    static void passwordFile(ConfigKey<List<String>> key, ConfigDirective d, LoadContext ctx) {
        if (ctx.settings().isSet(key)) {
            throw ctx.duplicate(d);
        }
        Path path = file(d, ctx);
        List<String> passwords = new ArrayList<>();
        for (String line : read(path, d, ctx).split("[\r\n]")) {
            if (!line.isEmpty()) {
                passwords.add(line);
            }
        }
        if (passwords.isEmpty()) {
            throw ctx.error("no passphrase in \"" + path + "\"", d);
        }
        ctx.settings().set(key, List.copyOf(passwords));
    }

    private static String read(Path path, ConfigDirective d, LoadContext ctx) {
        return new String(readBytes(path, d, ctx), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path path, ConfigDirective d, LoadContext ctx) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.NoSuchFileException ? "2: No such file or directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "13: Permission denied" : String.valueOf(e.getMessage());
            throw ctx.error("open() \"" + path + "\" failed (" + reason + ")", d);
        }
    }

    /** ssl_protocols and proxy_ssl_protocols: nginx's bitmask of protocol names, duplicates dropped. */
    static void protocols(ConfigKey<List<String>> key, ConfigDirective d, LoadContext ctx) {
        if (ctx.settings().isSet(key)) {
            throw ctx.duplicate(d);
        }
        List<String> out = new ArrayList<>();
        for (String p : d.args()) {
            if (!PROTOCOL_NAMES.contains(p)) {
                throw ctx.error("invalid value \"" + p + "\"", d);
            }
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        ctx.settings().set(key, List.copyOf(out));
    }

    private static void sessionCache(ConfigDirective d, LoadContext ctx) {
        if (ctx.settings().isSet(SESSION_CACHE)) {
            throw ctx.duplicate(d);
        }
        SessionCache cache = SessionCache.parse(d.args());
        if (cache == null) {
            String bad = d.args().stream().filter(a -> SessionCache.parse(List.of(a)) == null).findFirst().orElse(d.arg(0));
            throw ctx.error("invalid session cache \"" + bad + "\"", d);
        }
        ctx.settings().set(SESSION_CACHE, cache);
    }

    private static void ticketKey(ConfigDirective d, LoadContext ctx) {
        Path path = file(d, ctx);
        TicketKey key = TicketKey.of(readBytes(path, d, ctx));
        if (key == null) {
            throw ctx.error("\"" + path + "\" must be 48 or 80 bytes", d);
        }
        append(TICKET_KEYS, key, ctx);
    }

    private static void earlyData(ConfigDirective d, LoadContext ctx) {
        boolean on = ConfigValues.flag(d, ctx);
        ctx.setOnce(EARLY_DATA, on, d);
        if (on) {
            ctx.warn("\"ssl_early_data\" is not supported yet and is ignored: 0-RTT data is not accepted", d);
        }
    }

    private static void verifyClient(ConfigDirective d, LoadContext ctx) {
        VerifyClient v = VerifyClient.parse(d.arg(0));
        if (v == null) {
            throw ctx.error("invalid value \"" + d.arg(0) + "\"", d);
        }
        ctx.setOnce(VERIFY_CLIENT, v, d);
    }

    private static void verifyDepth(ConfigDirective d, LoadContext ctx) {
        long n = ConfigValues.number(d.arg(0));
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw ctx.error("\"ssl_verify_depth\" directive invalid number", d);
        }
        ctx.setOnce(VERIFY_DEPTH, (int) n, d);
    }
}
