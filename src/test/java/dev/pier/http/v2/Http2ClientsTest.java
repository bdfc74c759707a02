package dev.pier.http.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real HTTP/2 clients on cleartext listeners: curl with prior knowledge and h2load (many streams at once, many
 * requests per connection). HTTP/1.1 keeps working on the same port: the first bytes tell the protocols apart.
 */
class Http2ClientsTest {
    @RegisterExtension static final PierTestServer PIER = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0 http2;
                root html;
                location = /v { return 200 "hi $server_protocol $http2 $scheme\\n"; }
            }
            """, prefix -> {
        try {
            Files.writeString(prefix.resolve("html/index.html"), "hello\n");
            Files.write(prefix.resolve("html/big.bin"), new byte[1024 * 1024]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    @RegisterExtension static final PierTestServer ON = PierTestServer.withConfig("""
            server { listen 127.0.0.1:0; http2 on; location / { return 200 "on\\n"; } }
            """);

    @RegisterExtension static final PierTestServer PLAIN = PierTestServer.withConfig("""
            server { listen 127.0.0.1:0; location / { return 200 "plain\\n"; } }
            """);

    private static String url(int listener, String path) { return "http://127.0.0.1:" + PIER.port(listener) + path; }

    @Test void curlWithPriorKnowledgeAndHttp11OnOnePort() {
        var a = Curl.h2(url(0, "/v"));
        assertThat(a.protocol()).isEqualTo("HTTP/2");
        assertThat(a.body()).isEqualTo("hi HTTP/2.0 h2c http\n");
        var b = Curl.h1(url(0, "/v"));
        assertThat(b.protocol()).isEqualTo("HTTP/1.1");
        assertThat(b.body()).isEqualTo("hi HTTP/1.1  http\n");
    }

    @Test void http2OnInTheDefaultServer() {
        assertThat(Curl.h2("http://127.0.0.1:" + ON.port() + "/").protocol()).isEqualTo("HTTP/2");
        assertThat(Curl.h1("http://127.0.0.1:" + ON.port() + "/").body()).isEqualTo("on\n");
    }

    @Test void withoutHttp2ThePrefaceIsABadRequest() {
        var raw = PLAIN.raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400");
        assertThat(Curl.h1("http://127.0.0.1:" + PLAIN.port() + "/").body()).isEqualTo("plain\n");
    }

    @Test void h2loadManyStreamsAndRequests() {
        Assumptions.assumeTrue(Files.isExecutable(java.nio.file.Path.of("/usr/bin/h2load")), "h2load (nghttp2-client) is not installed");
        String small = h2load("-n", "3000", "-c", "4", "-m", "16", url(0, "/index.html"));
        assertThat(done(small)).as(small).containsExactly(3000, 3000, 0);
        String big = h2load("-n", "24", "-c", "2", "-m", "6", url(0, "/big.bin"));
        assertThat(done(big)).as(big).containsExactly(24, 24, 0);
        assertThat(big).contains("status codes: 24 2xx");
    }

    /** {done, succeeded, failed} from h2load's summary line. */
    private static int[] done(String output) {
        Matcher m = Pattern.compile("requests: \\d+ total, \\d+ started, (\\d+) done, (\\d+) succeeded, (\\d+) failed").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    private static String h2load(String... args) {
        List<String> cmd = new ArrayList<>(List.of("h2load", "-p", "h2c"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            p.waitFor(60, TimeUnit.SECONDS);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
