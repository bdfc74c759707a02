package dev.pier.http.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pier.Modules;
import dev.pier.config.syntax.ConfigException;
import dev.pier.config.PierConfig;
import dev.pier.testing.NginxOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The http2 directives as nginx 1.22 checks them: each configuration goes through Pier's loader and, where
 * nginx is installed, through {@code nginx -t}, and both must say the same ("F" is the file's path). Pier's
 * additions are the 1.25.1 {@code http2} directive and a warning that server push is not done.
 */
class Http2DirectivesTest {
    @TempDir Path dir;

    private Path file(String http) {
        try {
            Files.createDirectories(dir.resolve("conf"));
            Files.createDirectories(dir.resolve("logs"));
            return Files.writeString(dir.resolve("conf/pier.conf"), "events {}\nhttp {\n" + http + "\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String nginx(Path conf) {
        if (!NginxOracle.available()) {
            return null;
        }
        List<String> out = NginxOracle.configTest(dir, conf);
        return out.isEmpty() ? "" : String.join("\n", out).replace(conf.toString(), "F");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "streams in location  | server { location / { http2_max_concurrent_streams 1; } } | \"http2_max_concurrent_streams\" directive is not allowed here in F:3",
        "streams number       | http2_max_concurrent_streams x;                         | \"http2_max_concurrent_streams\" directive invalid number in F:3",
        "recv buffer server   | server { http2_recv_buffer_size 256k; }                 | \"http2_recv_buffer_size\" directive is not allowed here in F:3",
        "recv buffer small    | http2_recv_buffer_size 32;                              | \"http2_recv_buffer_size\" directive value is too small in F:3",
        "chunk zero           | http2_chunk_size 0;                                     | the http2 chunk size cannot be zero in F:3",
        "chunk in if          | server { location / { if ($args) { http2_chunk_size 1; } } } | \"http2_chunk_size\" directive is not allowed here in F:3",
        "chunk arguments      | http2_chunk_size 1 2;                                   | invalid number of arguments in \"http2_chunk_size\" directive in F:3",
        "preread location     | server { location / { http2_body_preread_size 1; } }    | \"http2_body_preread_size\" directive is not allowed here in F:3",
        "preread too large    | http2_body_preread_size 2147483648;                     | the maximum body preread buffer size is 2147483647 in F:3",
        "push off then uri    | server { location / { http2_push off; http2_push /a; } } | \"http2_push\" directive URI cannot be used with \"off\" parameter in F:3",
        "push uri then off    | server { location / { http2_push /a; http2_push off; } } | \"http2_push\" directive \"off\" parameter cannot be used with URI in F:3",
        "push preload value   | http2_push_preload x;                                   | invalid value \"x\" in \"http2_push_preload\" directive, it must be \"on\" or \"off\" in F:3",
        "index size           | http2_streams_index_size 3;                             | \"http2_streams_index_size\" directive must be a power of two in F:3",
        "pool size            | http2_pool_size 1;                                      | the pool size must be no less than 112 in F:3",
        "obsolete in location | server { location / { http2_idle_timeout 1; } }         | \"http2_idle_timeout\" directive is not allowed here in F:3",
    })
    void errorsAsNginx(String name, String http, String expected) {
        Path conf = file(http);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Modules.load(dir, conf, null));
        assertThat(e).as("expected an error for " + http).isNotNull();
        assertThat(e.getMessage().replace(conf.toString(), "F")).isEqualTo(expected);
        String nginx = nginx(conf);
        if (nginx != null) {
            assertThat(nginx).isEqualTo("[emerg] " + expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http2_idle_timeout    | keepalive_timeout",
        "http2_recv_timeout    | client_header_timeout",
        "http2_max_requests    | keepalive_requests",
        "http2_max_field_size  | large_client_header_buffers",
        "http2_max_header_size | large_client_header_buffers",
    })
    void obsoleteDirectivesWarnAsNginx(String directive, String successor) {
        Path conf = file("server { " + directive + " 1; }");
        PierConfig c = Modules.load(dir, conf, null);
        String expected = "the \"" + directive + "\" directive is obsolete, use the \"" + successor + "\" directive instead in F:3";
        assertThat(c.warnings()).map(w -> w.replace(conf.toString(), "F")).containsExactly(expected);
        String nginx = nginx(conf);
        if (nginx != null) {
            assertThat(nginx).isEqualTo("[warn] " + expected);
        }
    }

    @Test void acceptedAsNginxDoes() {
        Path conf = file("""
                http2_recv_buffer_size 64k; http2_max_concurrent_streams 0; http2_chunk_size 20m; http2_body_preread_size 0;
                http2_max_concurrent_pushes 5; http2_streams_index_size 64; http2_pool_size 4k; http2_push_preload off;
                server { listen 127.0.0.1:18998 http2; location / { http2_push off; http2_chunk_size 1; } }""");
        PierConfig c = Modules.load(dir, conf, null);
        assertThat(c.warnings()).isEmpty();
        String nginx = nginx(conf);
        if (nginx != null) {
            assertThat(nginx).isEmpty();
        }
    }

    @Test void pushIsAcceptedWithAWarning() {
        Path conf = file("server { location / { http2_push /style.css; http2_push_preload on; } }");
        assertThat(Modules.load(dir, conf, null).warnings()).map(w -> w.replace(conf.toString(), "F")).containsExactly(
                "server push is not supported: \"http2_push /style.css\" is ignored in F:3",
                "server push is not supported: \"http2_push_preload\" is ignored in F:3");
    }

    @Test void http2OnIsAServerDirective() {
        assertThat(Modules.load(dir, file("http2 on; server { http2 off; }"), null).warnings()).isEmpty();
        Path conf = file("server { location / { http2 on; } }");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Modules.load(dir, conf, null));
        assertThat(e.getMessage().replace(conf.toString(), "F")).isEqualTo("\"http2\" directive is not allowed here in F:3");
    }
}
