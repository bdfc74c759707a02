package dev.pier.http.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same request through HTTP/1.1 and through HTTP/2 (curl, prior knowledge) gets the same status, headers
 * (less the connection-specific ones and Date) and body: static files, ranges, 304s, rewrites and returns,
 * error pages, a proxied request with a body, and a file much larger than the stream window.
 */
class Http2ParityTest {
    static final OriginServer ORIGIN = OriginServer.start("o1");
    static final byte[] BIG = new byte[3 * 1024 * 1024 + 17];

    static {
        new Random(7).nextBytes(BIG);
    }

    @RegisterExtension static final PierTestServer PIER = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0 http2;
                root html;
                error_page 404 /404.html;
                location = /old { rewrite ^ /index.html permanent; }
                location = /ret { return 201 "made\\n"; }
                location = /internal { rewrite ^ /index.html last; }
                location /api/ { proxy_pass http://%s/; }
            }
            """.formatted(ORIGIN.address()), prefix -> {
        write(prefix.resolve("html/index.html"), "<h1>hello</h1>\n".getBytes());
        write(prefix.resolve("html/404.html"), "not here\n".getBytes());
        write(prefix.resolve("html/big.bin"), BIG);
    });

    @AfterAll static void stopOrigin() { ORIGIN.close(); }

    private static void write(Path p, byte[] bytes) {
        try {
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String url(String path) { return "http://127.0.0.1:" + PIER.port() + path; }

    /** Both answers, compared; returns the HTTP/2 one. */
    private Curl.Answer same(String path, String... extra) {
        String[] h1 = concat(extra, url(path));
        Curl.Answer one = Curl.h1(h1);
        Curl.Answer two = Curl.h2(h1);
        assertThat(one.protocol()).isEqualTo("HTTP/1.1");
        assertThat(two.protocol()).isEqualTo("HTTP/2");
        assertThat(two.status()).isEqualTo(one.status());
        assertThat(comparable(two.headers())).isEqualTo(comparable(one.headers()));
        assertThat(boundaryless(two.body())).isEqualTo(boundaryless(one.body()));
        return two;
    }

    /** Multipart boundaries count up per response, over either protocol. */
    private static String boundaryless(String s) { return s.replaceAll("\\d{20}", "BOUNDARY"); }

    private static Map<String, String> comparable(Map<String, String> headers) {
        Map<String, String> m = new HashMap<>(headers);
        m.replaceAll((k, v) -> boundaryless(v));
        for (String h : List.of("date", "connection", "keep-alive", "transfer-encoding")) {
            m.remove(h);
        }
        return m;
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    @Test void staticFile() {
        var a = same("/index.html");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("<h1>hello</h1>\n");
        assertThat(a.headers()).containsKeys("etag", "last-modified", "content-length").doesNotContainKey("connection");
    }

    @Test void rangeRequest() {
        var a = same("/index.html", "-r", "1-3");
        assertThat(a.status()).isEqualTo(206);
        assertThat(a.body()).isEqualTo("h1>");
        var multi = same("/index.html", "-r", "0-0,2-3");
        assertThat(multi.status()).isEqualTo(206);
        assertThat(multi.headers().get("content-type")).startsWith("multipart/byteranges");
    }

    @Test void notModified() {
        String etag = Curl.h2(url("/index.html")).headers().get("etag");
        var a = same("/index.html", "-H", "If-None-Match: " + etag);
        assertThat(a.status()).isEqualTo(304);
        assertThat(a.body()).isEmpty();
    }

    @Test void rewritesAndReturns() {
        assertThat(same("/old").status()).isEqualTo(301);
        assertThat(same("/ret").body()).isEqualTo("made\n");
        assertThat(same("/internal").body()).isEqualTo("<h1>hello</h1>\n");
        assertThat(same("/ret", "-I").status()).isEqualTo(201);
    }

    @Test void errorPage() {
        var a = same("/missing");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).isEqualTo("not here\n");
        assertThat(same("/ret", "-X", "TRACE").status()).isEqualTo(405);
    }

    @Test void proxiedWithBody() throws IOException {
        Path body = Files.createTempFile("h2body", ".bin");
        try {
            byte[] bytes = new byte[200_000];
            new Random(3).nextBytes(bytes);
            Files.write(body, bytes);
            int before = ORIGIN.received().size();
            var a = same("/api/respond?status=202&h=X-A:b&body=done", "--data-binary", "@" + body);
            assertThat(a.status()).isEqualTo(202);
            assertThat(a.headers()).containsEntry("x-a", "b");
            assertThat(a.body()).isEqualTo("done");
            var got = ORIGIN.received().subList(before, ORIGIN.received().size());
            assertThat(got).hasSize(2);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            for (var r : got) {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.bodyLength()).isEqualTo(bytes.length);
                assertThat(r.bodyCrc()).isEqualTo(crc.getValue());
            }
        } finally {
            Files.deleteIfExists(body);
        }
    }

    @Test void largeFileThroughFlowControl() {
        var a = same("/big.bin");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(BIG);
    }
}
