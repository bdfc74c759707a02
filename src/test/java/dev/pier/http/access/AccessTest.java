package dev.pier.http.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the differential suite cannot see: the error-log line of a denial ("access forbidden by rule", only
 * with satisfy all, as nginx), and that a mirror's copy, a subrequest, is not checked.
 */
class AccessTest {
    static final String CONFIG = """
            error_log logs/error.log info;
            server {
                listen 127.0.0.1:0;
                set_real_ip_from 127.0.0.1;
                location /all/ { deny all; root html; }
                location /any/ { satisfy any; deny all; root html; }
                location /mirrored/ { mirror /copy; root html; }
                location = /copy {
                    internal;
                    deny all;
                    log_subrequest on;
                    access_log logs/copies.log;
                    return 204;
                }
            }
            """;

    static PierTestServer pier;

    @BeforeAll static void start() throws Exception {
        pier = PierTestServer.withConfig(CONFIG, prefix -> {
            Files.createDirectories(prefix.resolve("html/mirrored"));
            Files.writeString(prefix.resolve("html/mirrored/f.txt"), "main\n");
        });
        pier.start();
    }

    @AfterAll static void stop() { pier.stop(); }

    @Test void aDenialIsLoggedWithSatisfyAll() throws Exception {
        assertThat(pier.send(pier.request("/all/x").header("X-Real-IP", "10.7.7.7").GET().build()).statusCode()).isEqualTo(403);
        awaitLine(l -> l.contains("[error]") && l.contains("access forbidden by rule, client: 10.7.7.7")
                && l.contains("request: \"GET /all/x HTTP/1.1\""));
    }

    @Test void satisfyAnyDeniesWithoutALogLine() throws Exception {
        assertThat(pier.get("/any/x").statusCode()).isEqualTo(403);
        // a denial under satisfy all, logged after it, shows the writer got past the request above
        assertThat(pier.get("/all/after-any").statusCode()).isEqualTo(403);
        awaitLine(l -> l.contains("/all/after-any"));
        assertThat(errorLog()).noneMatch(l -> l.contains("/any/x"));
    }

    @Test void aSubrequestIsNotChecked() throws Exception {
        assertThat(pier.get("/mirrored/f.txt").body()).isEqualTo("main\n");
        java.nio.file.Path copies = pier.prefix().resolve("logs/copies.log");
        for (int i = 0; i < 100 && (!Files.exists(copies) || Files.size(copies) == 0); i++) {
            Thread.sleep(20);
        }
        // the copy reached its return: deny all in its location did not apply to it
        assertThat(Files.readString(copies)).contains("\"GET /mirrored/f.txt HTTP/1.1\" 204 ");
    }

    private static void awaitLine(java.util.function.Predicate<String> which) {
        pier.awaitLogLine("logs/error.log", which);
    }

    private static java.util.List<String> errorLog() throws Exception {
        java.nio.file.Path log = pier.prefix().resolve("logs/error.log");
        return Files.exists(log) ? Files.readAllLines(log) : java.util.List.of();
    }
}
