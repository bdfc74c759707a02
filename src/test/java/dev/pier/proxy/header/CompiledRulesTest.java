package dev.pier.proxy.header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.Modules;
import dev.pier.config.Settings;
import dev.pier.http.location.Location;
import dev.pier.http.location.LocationTree;
import dev.pier.proxy.ProxyPass;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the compiled rules tell the proxy handler besides the header lines, from real configuration loads. */
class CompiledRulesTest {
    @TempDir Path dir;

    /** The merged settings of each location of {@code http}, in the order the locations are built. */
    private List<Settings> locations(String http) throws IOException {
        Path file = dir.resolve("pier.conf");
        Files.writeString(file, "events {}\nhttp {\n" + http + "\n}\n");
        List<Settings> seen = new ArrayList<>();
        ProxyHeadersModule.testContent = settings -> {
            seen.add(settings);
            return ex -> ex.sendError(500);
        };
        try {
            Modules.load(dir, file, null);
        } finally {
            ProxyHeadersModule.testContent = null;
        }
        return seen;
    }

    @Test void configuresTellsWhichFramingLinesProxySetHeaderTakesOver() throws IOException {
        List<Settings> s = locations("server { listen 127.0.0.1:0; location /a/ { proxy_set_header content-length $http_x_cl; }"
                + " location /b/ { } }");
        UpstreamRequestHeaders own = UpstreamRequestHeaders.of(s.get(0), ex -> "h");
        UpstreamRequestHeaders defaults = UpstreamRequestHeaders.of(s.get(1), ex -> "h");
        assertThat(own.configures("Content-Length")).isTrue();
        assertThat(own.configures("Transfer-Encoding")).isFalse();
        assertThat(defaults.configures("Content-Length")).isFalse();
        assertThat(defaults.configures("Host")).as("a default is not configured").isFalse();
    }

    @Test void ignoredHeadersAreInheritedAndReplacedWhole() throws IOException {
        List<Settings> s = locations("proxy_ignore_headers X-Accel-Redirect Vary;\nserver { listen 127.0.0.1:0;"
                + " location /a/ { } location /b/ { proxy_ignore_headers Set-Cookie; } }");
        UpstreamResponseHeaders inherited = UpstreamResponseHeaders.of(s.get(0));
        UpstreamResponseHeaders own = UpstreamResponseHeaders.of(s.get(1));
        assertThat(inherited.ignores(IgnoredHeader.X_ACCEL_REDIRECT)).isTrue();
        assertThat(inherited.ignores(IgnoredHeader.VARY)).isTrue();
        assertThat(inherited.ignores(IgnoredHeader.SET_COOKIE)).isFalse();
        assertThat(own.ignores(IgnoredHeader.SET_COOKIE)).isTrue();
        assertThat(own.ignores(IgnoredHeader.X_ACCEL_REDIRECT)).isFalse();

        HttpHeaders upstream = new DefaultHttpHeaders().add("x-accel-redirect", "/next");
        assertThat(inherited.accelRedirect(upstream)).isNull();
        assertThat(own.accelRedirect(upstream)).isEqualTo("/next");
        assertThat(own.accelRedirect(new DefaultHttpHeaders())).isNull();
    }

    @Test void theDefaultRedirectRuleFollowsTheProxyPassAndTheLocationName() {
        Location prefix = new Location(Location.Kind.PREFIX, "/app/", false, new Settings(), LocationTree.empty());
        Location exact = new Location(Location.Kind.EXACT, "/one", false, new Settings(), LocationTree.empty());
        Location regex = new Location(Location.Kind.REGEX, "^/r/", false, new Settings(), LocationTree.empty());
        ProxyPass withUri = new ProxyPass("http://b:8080/x/", "http", "b:8080", "b", 8080, "/x/", null, false);
        ProxyPass withoutUri = new ProxyPass("http://b:8080", "http", "b:8080", "b", 8080, null, null, false);
        assertThat(UpstreamResponseHeaders.defaultRule(withUri, prefix).apply(null, "http://b:8080/x/y")).isEqualTo("/app/y");
        assertThat(UpstreamResponseHeaders.defaultRule(withUri, exact).apply(null, "http://b:8080/x/y")).isEqualTo("/oney");
        assertThat(UpstreamResponseHeaders.defaultRule(withUri, regex).apply(null, "http://b:8080/x/y")).isEqualTo("y");
        assertThat(UpstreamResponseHeaders.defaultRule(withUri, prefix).apply(null, "http://B:8080/x/y")).as("case-sensitive").isNull();
        assertThat(UpstreamResponseHeaders.defaultRule(withoutUri, prefix).apply(null, "http://b:8080/y")).isEqualTo("/y");
        assertThat(UpstreamResponseHeaders.defaultRule(withoutUri, prefix).apply(null, "http://b:80801/y")).isNull();
    }

    @Test void cookieAttributesAreSplitAsNginxDoes() {
        List<String[]> attrs = SetCookieRewriter.parse(" a = b ;Path= /p ;; Secure;");
        assertThat(attrs).extracting(a -> a[0] + "|" + a[1])
                .containsExactly("a|b", "Path|/p", "|null", "Secure|null", "|null");
        assertThat(SetCookieRewriter.parse("")).extracting(a -> a[0] + "|" + a[1]).containsExactly("|null");
    }
}
