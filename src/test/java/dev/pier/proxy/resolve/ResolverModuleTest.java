package dev.pier.proxy.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.config.PierConfig;
import dev.pier.config.Settings;
import dev.pier.http.HttpConfig;
import dev.pier.testing.ConfigLoad;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code resolver} and {@code resolver_timeout} at load: nginx's errors (each checked with {@code nginx -t}
 * 1.22, except the ipv4= ones, which are nginx 1.23.1's), the parsed line, and inheritance down the levels.
 */
class ResolverModuleTest {
    @TempDir Path dir;

    private PierConfig load(String http) {
        return new ConfigLoad(dir).http(http);
    }

    private String error(String http) {
        return new ConfigLoad(dir).httpError(http);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "bad valid       | resolver 127.0.0.1 valid=abc;                | invalid parameter: valid=abc in F:3",
        "valid in ms     | resolver 127.0.0.1 valid=500ms;              | invalid parameter: valid=500ms in F:3",
        "bad ipv6        | resolver 127.0.0.1 ipv6=maybe;               | invalid parameter: ipv6=maybe in F:3",
        "bad ipv4        | resolver 127.0.0.1 ipv4=maybe;               | invalid parameter: ipv4=maybe in F:3",
        "both off        | resolver 127.0.0.1 ipv4=off ipv6=off;        | `\"ipv4\" and \"ipv6\" cannot both be \"off\" in F:3`",
        "bad port        | resolver 127.0.0.1:99999;                    | `invalid port in resolver \"127.0.0.1:99999\" in F:3`",
        "unknown host    | resolver no.such.host.invalid;               | `host not found in resolver \"no.such.host.invalid\" in F:3`",
        "no servers      | resolver valid=30s;                          | no name servers defined in F:3",
        "duplicate       | resolver 127.0.0.1; resolver 127.0.0.2;      | `\"resolver\" directive is duplicate in F:3`",
        "no arguments    | resolver;                                    | `invalid number of arguments in \"resolver\" directive in F:3`",
        "bad host        | resolver 127.0.0.1/24;                       | `invalid host in resolver \"127.0.0.1/24\" in F:3`",
        "bad timeout     | resolver_timeout abc;                        | `\"resolver_timeout\" directive invalid value in F:3`",
        "dup timeout     | resolver_timeout 5s; resolver_timeout 6s;    | `\"resolver_timeout\" directive is duplicate in F:3`",
        "timeout arity   | resolver_timeout 1 2;                        | `invalid number of arguments in \"resolver_timeout\" directive in F:3`",
        "in if           | server { location / { if ($uri) { resolver 127.0.0.1; } } } | `\"resolver\" directive is not allowed here in F:3`",
    })
    void refusesAsNginx(String name, String http, String message) {
        assertThat(error(http)).isEqualTo(message);
    }

    private Settings location(PierConfig c, String uri) {
        return c.part(HttpConfig.class).servers().get(0).locations().find(uri).location().settings();
    }

    @Test void aLineIsParsedWithNginxsDefaults() {
        PierConfig c = load("""
                resolver 127.0.0.1 [::1]:5353 localhost:54 valid=1m ipv6=off status_zone=z;
                server { listen 127.0.0.1:0; location / { } }
                """);
        ResolverSpec spec = location(c, "/").get(ResolverModule.RESOLVER);
        assertThat(spec.servers()).startsWith(new InetSocketAddress("127.0.0.1", 53), new InetSocketAddress("::1", 5353));
        assertThat(spec.servers().subList(2, spec.servers().size())).allMatch(a -> a.getPort() == 54);
        assertThat(spec.validSeconds()).isEqualTo(60);
        assertThat(spec.ipv4()).isTrue();
        assertThat(spec.ipv6()).isFalse();
        assertThat(ResolverModule.resolver(location(c, "/")).timeoutMillis()).isEqualTo(30_000);
    }

    @Test void levelsInheritTheResolverAndItsTimeoutSeparately() {
        PierConfig c = load("""
                resolver 127.0.0.1;
                resolver_timeout 5s;
                server {
                    listen 127.0.0.1:0;
                    location /a { }
                    location /b { resolver 127.0.0.2 valid=10s; }
                    location /c { resolver_timeout 700ms; }
                }
                """);
        assertThat(location(c, "/a").get(ResolverModule.RESOLVER).servers()).containsExactly(new InetSocketAddress("127.0.0.1", 53));
        assertThat(ResolverModule.resolver(location(c, "/a")).timeoutMillis()).isEqualTo(5000);
        assertThat(location(c, "/b").get(ResolverModule.RESOLVER).validSeconds()).isEqualTo(10);
        assertThat(ResolverModule.resolver(location(c, "/b")).timeoutMillis()).isEqualTo(5000);
        assertThat(ResolverModule.resolver(location(c, "/c")).timeoutMillis()).isEqualTo(700);
        assertThat(ResolverModule.resolver(location(c, "/c")).configured()).isTrue();
    }

    @Test void withoutResolverALocationHasNone() {
        PierConfig c = load("server { listen 127.0.0.1:0; location / { } }");
        assertThat(ResolverModule.resolver(location(c, "/"))).isSameAs(ProxyResolver.NONE);
    }
}
