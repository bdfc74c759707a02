package dev.pier.http.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the differential cases cannot show: nginx's error-log lines for each refusal, a user file named with
 * variables (read off the event loop on first use), an edited user file taking effect without a reload, and
 * the $remote_user of an accepted request.
 */
class AuthBasicTest {
    static final String CONFIG = """
            error_log logs/error.log info;
            log_format user "$remote_user $status";
            server {
                listen 127.0.0.1:0;
                auth_basic "t";
                auth_basic_user_file users.htpasswd;
                access_log logs/access.log user;
                location / { root html; }
                location /byhost/ { auth_basic_user_file $host.htpasswd; root html; }
                location /missing/ { auth_basic_user_file missing.htpasswd; root html; }
                location /unsupported/ { auth_basic_user_file odd.htpasswd; root html; }
            }
            """;

    static PierTestServer pier;

    @BeforeAll static void start() throws Exception {
        pier = PierTestServer.withConfig(CONFIG, prefix -> {
            Files.createDirectories(prefix.resolve("conf"));
            Files.writeString(prefix.resolve("conf/users.htpasswd"), "ann:{PLAIN}one\n");
            Files.writeString(prefix.resolve("conf/127.0.0.1.htpasswd"), "bob:{SHA}G5zynyVKZeHPqXetqic75L7ZkrM=\n");
            Files.writeString(prefix.resolve("conf/odd.htpasswd"), "yes:$y$j9T$abc$def\n");
            for (String d : List.of("html", "html/byhost", "html/missing", "html/unsupported")) {
                Files.createDirectories(prefix.resolve(d));
                Files.writeString(prefix.resolve(d + "/f.txt"), "file\n");
            }
        });
        pier.start();
    }

    @AfterAll static void stop() { pier.stop(); }

    @Test void refusalsAreLoggedAsNginxLogsThem() throws Exception {
        assertThat(get("/f.txt", null).statusCode()).isEqualTo(401);
        assertThat(get("/f.txt", "zed:x").statusCode()).isEqualTo(401);
        assertThat(get("/f.txt", "ann:two").statusCode()).isEqualTo(401);
        assertThat(get("/missing/f.txt", "ann:one").statusCode()).isEqualTo(403);
        assertThat(get("/unsupported/f.txt", "yes:x").statusCode()).isEqualTo(500);
        awaitLine(l -> l.contains("[info]") && l.contains("no user/password was provided for basic authentication"));
        awaitLine(l -> l.contains("[error]") && l.contains("user \"zed\" was not found in \"") && l.contains("users.htpasswd\""));
        awaitLine(l -> l.contains("[error]") && l.contains("user \"ann\": password mismatch"));
        awaitLine(l -> l.contains("[error]") && l.contains("missing.htpasswd\" failed (2: No such file or directory)"));
        awaitLine(l -> l.contains("[crit]") && l.contains("crypt() failed"));
    }

    @Test void aUserFileNamedWithVariablesIsReadOnFirstUse() {
        HttpResponse<String> r = get("/byhost/f.txt", "bob:pw-sha");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(get("/byhost/f.txt", "ann:one").statusCode()).isEqualTo(401);
    }

    @Test void anEditedUserFileTakesEffectWithoutAReload() throws Exception {
        assertThat(get("/f.txt", "ann:one").statusCode()).isEqualTo(200);
        Path users = pier.prefix().resolve("conf/users.htpasswd");
        Files.writeString(users, "ann:{PLAIN}changed\n");
        Files.setLastModifiedTime(users, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        int status = 0;
        for (int i = 0; i < 60 && status != 200; i++) {
            Thread.sleep(100);
            status = get("/f.txt", "ann:changed").statusCode();
        }
        assertThat(status).isEqualTo(200);
        assertThat(get("/f.txt", "ann:one").statusCode()).isEqualTo(401);
        Files.writeString(users, "ann:{PLAIN}one\n");
        Files.setLastModifiedTime(users, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10000));
    }

    private static void awaitLine(java.util.function.Predicate<String> which) {
        pier.awaitLogLine("logs/error.log", which);
    }

    private static HttpResponse<String> get(String path, String credentials) {
        var b = pier.request(path).GET();
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return pier.send(b.build());
    }
}
