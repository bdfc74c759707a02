package dev.pier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pier.Modules;
import dev.pier.config.PierConfig;
import dev.pier.server.PierServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's own /etc/nginx (nginx.conf with modules-enabled, mime.types, conf.d and sites-enabled/default)
 * loads, warns about what Pier does not do yet, and serves. Skipped where nginx's package is not installed.
 */
class DebianConfigTest {
    private static final Path ETC = Path.of("/etc/nginx");

    @TempDir Path prefix;

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test void theRealNginxConfLoadsWithAWarningForEachPendingDirective() throws IOException {
        Path main = ETC.resolve("nginx.conf");
        assumeTrue(Files.isRegularFile(main), "nginx is not installed");
        PierConfig c = Modules.load(prefix, main, null);
        for (String directive : List.of("gzip")) {
            assertThat(c.warnings()).contains("\"" + directive + "\" is not supported yet and is ignored in " + main + ":"
                    + lineOf(main, directive + " "));
        }
        // its TLS lines are read for real now
        assertThat(c.warnings()).noneMatch(w -> w.contains("\"ssl_"));
        assertThat(c.part(HttpConfig.class).servers()).isNotEmpty();
    }

    @Test void nginxsMimeTypesFileIsReadWhole() throws IOException {
        Path mime = ETC.resolve("mime.types");
        assumeTrue(Files.isRegularFile(mime), "nginx is not installed");
        Path file = prefix.resolve("pier.conf");
        Files.writeString(file, "events {}\nhttp { include " + mime + "; }\n");
        PierConfig c = Modules.load(prefix, file, null);
        assertThat(c.warnings()).isEmpty();
        MimeTypesModule.MimeTypes types = c.part(HttpConfig.class).settings().get(MimeTypesModule.TYPES);
        assertThat(types.forPath("/a/b.html")).isEqualTo("text/html");
        assertThat(types.forPath("/app.js")).isEqualTo("application/javascript");
        assertThat(types.forPath("/i.svg")).isEqualTo("image/svg+xml");
        assertThat(types.forPath("/f.woff2")).isEqualTo("font/woff2");
        assertThat(types.forPath("/d.json")).isEqualTo("application/json");
        assertThat(types.forPath("/x.PNG")).isEqualTo("image/png");
        assertThat(types.byExtension().size()).isGreaterThan(100);
    }

    @Test void aCopyOnALoopbackPortServesTheDefaultSite() throws Exception {
        assumeTrue(Files.isRegularFile(ETC.resolve("nginx.conf")), "nginx is not installed");
        Path etc = prefix.resolve("etc");
        copyTree(ETC, etc);
        Path html = Files.createDirectories(prefix.resolve("www"));
        Files.writeString(html.resolve("index.nginx-debian.html"), "<title>Welcome to nginx!</title>\n");
        rewrite(etc.resolve("nginx.conf"), "/etc/nginx/", etc + "/");
        rewrite(etc.resolve("nginx.conf"), "/run/nginx.pid", prefix + "/nginx.pid");
        rewrite(etc.resolve("nginx.conf"), "/var/log/nginx/", prefix + "/");
        Path site = etc.resolve("sites-enabled/default");
        rewrite(site, "listen 80 default_server;", "listen 127.0.0.1:0 default_server;");
        rewrite(site, "listen [::]:80 default_server;", "");
        rewrite(site, "root /var/www/html;", "root " + html + ";");

        PierConfig c = Modules.load(prefix, etc.resolve("nginx.conf"), null);
        try (PierServer server = new PierServer(c)) {
            server.start();
            int port = server.boundAddresses().get(0).getPort();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("Welcome to nginx!");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html");
        }
    }

    private static void rewrite(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        Files.writeString(file, text.replace(from, to));
    }

    /** Copies a directory, following links (sites-enabled/default is one), as regular files. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isReadable(p)) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
