package dev.pier.http.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pier.testing.NginxOracle;
import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same mirror configuration in nginx and in Pier, the same raw requests: the client's answers must agree,
 * and so must the copies the mirror backend receives — method, URI, every header in order (the mirror
 * location reports $uri, $args, $request_uri, $request_method and $content_length of the subrequest in
 * headers), body length and CRC-32.
 */
class MirrorDifferentialTest {
    static final OriginServer main = OriginServer.start("main");
    static final OriginServer copies = OriginServer.start("copies");

    static final String CONFIG = """
            server {
                listen 127.0.0.1:%1$d;
                server_name mirror.test;
                mirror /m;
                location = /m {
                    internal;
                    proxy_set_header X-Uri $uri;
                    proxy_set_header X-Args $args;
                    proxy_set_header X-Request-Uri $request_uri;
                    proxy_set_header X-Method $request_method;
                    proxy_set_header X-Length $content_length;
                    proxy_pass http://%3$s/copy$request_uri;
                }
                location = /second { internal; proxy_pass http://%3$s/second; }
                location = /nobody-copy {
                    internal;
                    proxy_pass_request_body off;
                    proxy_set_header Content-Length "";
                    proxy_pass http://%3$s/nobody-copy;
                }
                location = /rw { internal; rewrite ^ /second last; }
                location /a/ { proxy_pass http://%2$s; }
                location /two/ { mirror /m; mirror /second; proxy_pass http://%2$s; }
                location /nobody/ { mirror /nobody-copy; mirror_request_body off; proxy_pass http://%2$s; }
                location /rewritten/ { mirror /rw; proxy_pass http://%2$s; }
                location /off/ { mirror off; proxy_pass http://%2$s; }
                location /files/ { root %4$s; }
            }
            """;

    record Case(String label, String request, int copies) {
        @Override public String toString() { return label; }
    }

    static List<Case> cases() {
        String host = "Host: mirror.test\r\n";
        String body = "b".repeat(3000);
        return List.of(
                new Case("GET with arguments and headers", "GET /a/x?y=1&z=%41 HTTP/1.1\r\n" + host + "X-Custom: c\r\nUser-Agent: t/1\r\n\r\n", 1),
                new Case("POST with Content-Length", "POST /a/p HTTP/1.1\r\n" + host + "Content-Type: text/plain\r\nContent-Length: 3000\r\n\r\n" + body, 1),
                new Case("POST chunked", "POST /a/c HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 1),
                new Case("HEAD", "HEAD /a/h?q HTTP/1.1\r\n" + host + "\r\n", 1),
                new Case("PUT with Expect 100-continue", "PUT /a/e HTTP/1.1\r\n" + host + "Expect: 100-continue\r\nContent-Length: 4\r\n\r\nabcd", 1),
                new Case("two mirrors", "GET /two/t?k=v HTTP/1.1\r\n" + host + "\r\n", 2),
                new Case("mirror_request_body off", "POST /nobody/n HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\n12345", 1),
                new Case("a mirror location that rewrites", "GET /rewritten/r?s=1 HTTP/1.1\r\n" + host + "\r\n", 1),
                new Case("mirror off", "GET /off/o HTTP/1.1\r\n" + host + "\r\n", 0),
                new Case("a static file, mirrored", "GET /files/f.txt HTTP/1.1\r\n" + host + "\r\n", 1),
                new Case("a 404, mirrored", "GET /files/none HTTP/1.1\r\n" + host + "\r\n", 1));
    }

    static PierTestServer pier;
    static NginxOracle nginx;
    static int nginxPort;
    static java.nio.file.Path root;

    @BeforeAll static void start() throws Exception {
        assumeTrue(NginxOracle.available(), "nginx is not installed");
        root = java.nio.file.Files.createTempDirectory("mirror-root");
        java.nio.file.Files.createDirectories(root.resolve("files"));
        java.nio.file.Files.writeString(root.resolve("files/f.txt"), "a file\n");
        nginxPort = NginxOracle.freePort();
        nginx = NginxOracle.start(CONFIG.formatted(nginxPort, main.address(), copies.address(), root), nginxPort);
        pier = PierTestServer.withConfig(CONFIG.formatted(0, main.address(), copies.address(), root));
        pier.start();
    }

    @AfterAll static void stop() {
        if (pier != null) {
            pier.stop();
        }
        if (nginx != null) {
            nginx.close();
        }
        main.close();
        copies.close();
    }

    @ParameterizedTest(name = "{0}") @MethodSource("cases")
    void copiesAndAnswersAgree(Case c) throws Exception {
        Seen fromNginx = send(nginxPort, c);
        Seen fromPier = send(pier.port(), c);
        assertThat(fromPier.answer()).as("the client's answer").isEqualTo(fromNginx.answer());
        assertThat(fromPier.copies()).as("what the mirror backend received").isEqualTo(fromNginx.copies());
        assertThat(fromPier.copies()).hasSize(c.copies());
    }

    record Seen(String answer, List<String> copies) { }

    private static Seen send(int port, Case c) throws Exception {
        int before = copies.received().size();
        String answer;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((c.request().replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            answer = normalize(new String(readAll(s.getInputStream()), StandardCharsets.ISO_8859_1));
        }
        // the copies may arrive after the answer; then a quiet moment shows there are no more
        for (int i = 0; i < 250 && copies.received().size() < before + c.copies(); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(150);
        List<String> seen = new ArrayList<>();
        for (OriginServer.Received r : copies.received().subList(before, copies.received().size())) {
            StringBuilder sb = new StringBuilder(r.method()).append(' ').append(r.uri()).append('\n');
            for (Map.Entry<String, String> h : r.headers()) {
                sb.append(h.getKey()).append(": ").append(h.getValue()).append('\n');
            }
            sb.append("body ").append(r.bodyLength()).append(" crc ").append(r.bodyCrc());
            seen.add(sb.toString());
        }
        seen.sort(null);   // two copies may arrive in either order
        return new Seen(answer, seen);
    }

    /** The status line and body of each response; headers that name the server or the time differ by nature. */
    private static String normalize(String raw) {
        StringBuilder out = new StringBuilder();
        for (String part : raw.split("(?=HTTP/1\\.1 \\d{3} )")) {
            int end = part.indexOf("\r\n\r\n");
            String head = end < 0 ? part : part.substring(0, end);
            String body = end < 0 ? "" : part.substring(end + 4);
            boolean page = body.startsWith("<html>");   // its signature names the server and version
            out.append(head.lines().findFirst().orElse("")).append('\n');
            head.lines().filter(l -> l.startsWith("Content-Type:") || !page && l.startsWith("Content-Length:"))
                    .forEach(l -> out.append(l).append('\n'));
            out.append(page ? "(error page)" : body).append('\n');
        }
        return out.toString();
    }

    private static byte[] readAll(InputStream in) throws Exception {
        try {
            return in.readAllBytes();
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no close after the answer", e);
        }
    }
}
