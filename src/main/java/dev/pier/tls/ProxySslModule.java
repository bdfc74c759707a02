package dev.pier.tls;

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
import dev.pier.config.syntax.ConfigException;
import dev.pier.http.HttpModule;
import dev.pier.variables.Template;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The proxy's TLS towards upstreams, nginx's {@code proxy_ssl_*}: read at load (certificate files parsed when
 * their directive is read, so errors name its line); {@link #upstreamTls} builds a location's client context
 * for the proxy module when its proxy_pass may be https.
 */
public final class ProxySslModule implements HttpModule {
    static final ConfigKey<Boolean> SERVER_NAME = ConfigKey.of("proxy_ssl_server_name", false);
    /** {@code proxy_ssl_name}; null: {@code $proxy_host}. */
    public static final ConfigKey<Template> NAME = ConfigKey.of("proxy_ssl_name", null);
    static final ConfigKey<Boolean> VERIFY = ConfigKey.of("proxy_ssl_verify", false);
    static final ConfigKey<Long> VERIFY_DEPTH = ConfigKey.of("proxy_ssl_verify_depth", 1L);
    static final ConfigKey<List<X509Certificate>> TRUSTED = ConfigKey.of("proxy_ssl_trusted_certificate", null);
    static final ConfigKey<List<X509Certificate>> CERTIFICATE = ConfigKey.of("proxy_ssl_certificate", null);
    static final ConfigKey<Path> CERTIFICATE_KEY = ConfigKey.of("proxy_ssl_certificate_key", null);
    static final ConfigKey<List<String>> PASSWORDS = ConfigKey.of("proxy_ssl_password_file", List.of());
    static final ConfigKey<List<String>> PROTOCOLS = ConfigKey.of("proxy_ssl_protocols", List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"));
    static final ConfigKey<String> CIPHERS = ConfigKey.of("proxy_ssl_ciphers", "DEFAULT");
    static final ConfigKey<Boolean> SESSION_REUSE = ConfigKey.of("proxy_ssl_session_reuse", true);

    @Override public void directives(DirectiveRegistry r) {
        flag(r, SERVER_NAME);
        flag(r, VERIFY);
        flag(r, SESSION_REUSE);
        r.add(DirectiveSpec.named("proxy_ssl_name").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(NAME, Template.compile(d.arg(0)), d)));
        r.add(DirectiveSpec.named("proxy_ssl_verify_depth").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> {
                    long depth = ConfigValues.number(d.arg(0));
                    if (depth < 0) {
                        throw ctx.error("invalid number \"" + d.arg(0) + "\" in \"" + d.name() + "\" directive", d);
                    }
                    ctx.setOnce(VERIFY_DEPTH, depth, d);
                }));
        r.add(DirectiveSpec.named("proxy_ssl_trusted_certificate").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(TRUSTED, load(d, ctx, () -> PemFiles.certificates(TlsModule.file(d, ctx),
                        "SSL_CTX_load_verify_locations")), d)));
        r.add(DirectiveSpec.named("proxy_ssl_certificate").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(CERTIFICATE, load(d, ctx, () -> PemFiles.certificateChain(TlsModule.file(d, ctx))), d)));
        r.add(DirectiveSpec.named("proxy_ssl_certificate_key").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(CERTIFICATE_KEY, TlsModule.file(d, ctx), d)));
        r.add(DirectiveSpec.named("proxy_ssl_password_file").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> TlsModule.passwordFile(PASSWORDS, d, ctx)));
        r.add(DirectiveSpec.named("proxy_ssl_protocols").in(HTTP, SERVER, LOCATION).args(1, DirectiveSpec.MANY)
                .handle((d, ctx) -> TlsModule.protocols(PROTOCOLS, d, ctx)));
        r.add(DirectiveSpec.named("proxy_ssl_ciphers").in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(CIPHERS, d.arg(0), d)));
    }

    /**
     * The client context of a location whose proxy_pass is or may be https, built at load; errors (no
     * trusted certificate to verify with, a key that cannot be read) are nginx's, named at {@code source}.
     */
    public static UpstreamTls upstreamTls(Settings s, dev.pier.config.syntax.ConfigSource source) {
        if (s.get(VERIFY) && s.get(TRUSTED) == null) {
            throw new ConfigException("no proxy_ssl_trusted_certificate for proxy_ssl_verify", source);
        }
        PrivateKey key = null;
        if (s.get(CERTIFICATE) != null) {
            Path keyFile = s.get(CERTIFICATE_KEY);
            if (keyFile == null) {
                throw new ConfigException("no \"proxy_ssl_certificate_key\" is defined for certificate \"proxy_ssl_certificate\"", source);
            }
            try {
                key = PrivateKeys.read(keyFile, s.get(PASSWORDS));
            } catch (TlsConfigException e) {
                throw new ConfigException(e.getMessage(), source);
            }
        }
        try {
            return UpstreamTls.build(new UpstreamTls.Spec(s.get(PROTOCOLS), s.get(CIPHERS), s.get(SERVER_NAME), s.get(VERIFY),
                    s.get(TRUSTED) == null ? List.of() : s.get(TRUSTED), s.get(CERTIFICATE), key, s.get(SESSION_REUSE)));
        } catch (TlsConfigException e) {
            throw new ConfigException(e.getMessage(), source);
        }
    }

    private static void flag(DirectiveRegistry r, ConfigKey<Boolean> key) {
        r.add(DirectiveSpec.named(key.name()).in(HTTP, SERVER, LOCATION).args(1)
                .handle((d, ctx) -> ctx.setOnce(key, ConfigValues.flag(d, ctx), d)));
    }

    private static <T> T load(ConfigDirective d, LoadContext ctx, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (TlsConfigException e) {
            throw ctx.error(e.getMessage(), d);
        }
    }
}
