package dev.pier.proxy.header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.Modules;
import dev.pier.config.PierConfig;
import dev.pier.config.syntax.ConfigException;
import dev.pier.testing.NginxOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header directives' load-time errors and warnings: each configuration goes through {@code nginx -t} and Pier. */
class ProxyHeadersConfigTest {
    @TempDir Path dir;

    private Path write(String http) throws IOException {
        Path file = dir.resolve("pier.conf");
        Files.writeString(file, "events {}\nhttp {\n" + http + "\n}\n");
        return file;
    }

    /** What Pier reports, as nginx -t -q prints it: "[emerg] message in file:line", warnings first. */
    private List<String> pier(Path file) {
        List<String> out = new ArrayList<>();
        try {
            PierConfig loaded = Modules.load(dir, file, null);
            loaded.warnings().forEach(w -> out.add("[warn] " + w));
        } catch (ConfigException e) {
            out.add("[emerg] " + e.getMessage());
        }
        return out;
    }

    @ParameterizedTest @ValueSource(strings = {
        "proxy_redirect foo;",
        "proxy_redirect false;",
        "proxy_redirect off; proxy_redirect off;",
        "proxy_redirect http://a/ /; proxy_redirect off;",
        "proxy_redirect off; proxy_redirect http://a/ /;",
        "proxy_redirect off; proxy_redirect default;",
        "proxy_redirect default;",
        "server { location / { proxy_redirect default; proxy_pass http://127.0.0.1:1; } }",
        "proxy_redirect \"~(a\" b;",
        "proxy_redirect ~*a) b;",
        "proxy_redirect a b c;",
        "proxy_cookie_domain x;",
        "proxy_cookie_domain off; proxy_cookie_domain a b;",
        "proxy_cookie_domain a b; proxy_cookie_domain off;",
        "proxy_cookie_domain off; proxy_cookie_domain off;",
        "proxy_cookie_domain ~*x y;",
        "proxy_cookie_path a;",
        "proxy_cookie_path /a /b; proxy_cookie_path off;",
        "proxy_cookie_path ~*( /b;",
        "proxy_cookie_flags x;",
        "proxy_cookie_flags off; proxy_cookie_flags a secure;",
        "proxy_cookie_flags a secure; proxy_cookie_flags off;",
        "proxy_cookie_flags a b c d e;",
        "proxy_cookie_flags ~( secure;",
        "proxy_headers_hash_max_size x;",
        "proxy_headers_hash_bucket_size 64; proxy_headers_hash_bucket_size 128;",
        "proxy_headers_hash_max_size 1024; proxy_headers_hash_bucket_size 128;",
        "proxy_set_header X;",
        "proxy_set_header X a b;",
        "proxy_pass_request_headers maybe;",
        "proxy_pass_request_headers on; proxy_pass_request_headers off;",
        "proxy_ignore_headers X-Foo;",
        "proxy_ignore_headers Expires X-Accel-Nothing;",
        "proxy_ignore_headers Expires expires; proxy_ignore_headers Vary VARY;",
        "proxy_hide_header a b;",
        "proxy_pass_header;",
        "server { location / { if ($uri) { proxy_set_header A b; } } }",
        "server { if ($uri) { proxy_redirect off; } }",
        "proxy_redirect http://a/ /; proxy_redirect ~^/x(.*) /y$1; proxy_cookie_domain .a.org b.org; proxy_cookie_path / /p/;"
            + " proxy_set_header A \"\"; proxy_hide_header X; proxy_pass_header Y; proxy_ignore_headers Set-Cookie;",
    })
    void reportsAsNginx(String http) throws IOException {
        Assumptions.assumeTrue(NginxOracle.available(), "nginx is not installed");
        Path file = write(http);
        assertThat(pier(file)).as(http).isEqualTo(NginxOracle.configTest(dir, file));
    }

    @Test void aBadValueIsReportedAtItsOwnLine() throws IOException {
        // nginx compiles proxy_set_header values when it merges the levels, and names the line that closes the
        // http block (or no line, for an unknown variable); Pier compiles them as it reads them
        assertThat(pier(write("proxy_set_header X \"${bad\";\nserver { listen 127.0.0.1:0; }")))
                .containsExactly("[emerg] the closing bracket in \"bad\" variable is missing in " + dir.resolve("pier.conf") + ":3");
        assertThat(pier(write("proxy_set_header X $nope;"))).containsExactly("[emerg] unknown \"nope\" variable in "
                + dir.resolve("pier.conf") + ":3");
        assertThat(pier(write("proxy_redirect /a/ /$nope/;"))).singleElement().asString().startsWith("[emerg] unknown \"nope\" variable");
    }
}
