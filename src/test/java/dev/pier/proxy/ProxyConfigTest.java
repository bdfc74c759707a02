package dev.pier.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.Modules;
import dev.pier.config.PierConfig;
import dev.pier.testing.NginxOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** proxy_* directives refused at load with nginx's words, checked against {@code nginx -t} where it is installed. */
class ProxyConfigTest {
    @TempDir Path dir;

    private Path write(String location) throws IOException {
        Path file = dir.resolve("pier.conf");
        Files.writeString(file, "events {}\nhttp {\nserver { listen 127.0.0.1:1;\n" + location + "\n}\n}\n");
        return file;
    }

    private PierConfig load(String location) throws IOException {
        return Modules.load(dir, write(location), null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            location / { proxy_pass ftp://a; }                              | invalid URL prefix
            location / { proxy_pass 127.0.0.1; }                            | invalid URL prefix
            location / { proxy_pass http://nosuchhost.invalid; }            | host not found in upstream "nosuchhost.invalid"
            location / { proxy_pass http://127.0.0.1:0; }                   | invalid port in upstream "127.0.0.1:0"
            location / { proxy_pass http://127.0.0.1:99999; }               | invalid port in upstream "127.0.0.1:99999"
            location / { proxy_pass http://127.0.0.1:abc; }                 | invalid port in upstream "127.0.0.1:abc"
            location / { proxy_pass http://; }                              | no host in upstream ""
            location ~ /x { proxy_pass http://127.0.0.1:1/a; }              | "proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block
            location / { if ($x) { proxy_pass http://127.0.0.1:1/a; } }     | "proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block
            location @n { proxy_pass http://127.0.0.1:1/; }                 | "proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block
            location / { proxy_pass http://127.0.0.1:1; proxy_pass http://127.0.0.1:2; } | "proxy_pass" directive is duplicate
            location / { proxy_http_version 2.0; }                          | invalid value "2.0"
            location / { proxy_next_upstream foo; }                         | invalid value "foo"
            location / { proxy_buffers 8 0; }                               | "proxy_buffers" directive invalid value
            location / { proxy_buffering maybe; }                           | invalid value "maybe" in "proxy_buffering" directive, it must be "on" or "off"
            location / { proxy_read_timeout 1x; }                           | "proxy_read_timeout" directive invalid value
            """)
    void refusedAsNginxRefuses(String location, String message) throws IOException {
        // $x is defined so that only the proxy_pass can be wrong
        String conf = location.replace("location / { if", "location / { set $x 1; if");
        assertThatThrownBy(() -> load(conf)).hasMessage(message + " in " + dir.resolve("pier.conf") + ":4");
        if (NginxOracle.available()) {
            assertThat(NginxOracle.configTest(dir, write(conf))).first().asString()
                    .isEqualTo("[emerg] " + message + " in " + dir.resolve("pier.conf") + ":4");
        }
    }

    @Test void everyDirectiveLoads() throws IOException {
        PierConfig c = load("""
                location / {
                    proxy_pass http://127.0.0.1:1/x/;
                    proxy_http_version 1.1; proxy_connect_timeout 5s; proxy_read_timeout 1m; proxy_send_timeout 30;
                    proxy_buffering off; proxy_request_buffering off; proxy_buffer_size 8k; proxy_buffers 16 8k;
                    proxy_busy_buffers_size 16k; proxy_max_temp_file_size 0; proxy_temp_file_write_size 16k;
                    proxy_temp_path /tmp/p 1 2; proxy_pass_request_body off; proxy_intercept_errors on;
                    proxy_next_upstream error timeout http_502 non_idempotent; proxy_next_upstream_tries 3;
                    proxy_next_upstream_timeout 10s; proxy_ignore_client_abort on; proxy_method POST; proxy_socket_keepalive on;
                }
                location /u { proxy_pass http://unix:/tmp/pier-none.sock:/app/; }
                location /v { proxy_pass http://$host$request_uri; }
                """);
        assertThat(c.warnings()).isEmpty();
    }
}
