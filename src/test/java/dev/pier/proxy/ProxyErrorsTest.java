package dev.pier.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.NginxOracle;
import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Upstream faults: refused, timed out, garbage, early close, short and reset bodies; the client's answer and the log line. */
class ProxyErrorsTest {
    static final OriginServer origin = OriginServer.start("e1");
    static final int refused = NginxOracle.freePort();

    @RegisterExtension static final PierTestServer pier = PierTestServer.withConfig("""
            error_log logs/error.log info;
            server {
                listen 127.0.0.1:0;
                location /refused/ { proxy_pass http://127.0.0.1:%2$d/; }
                location ~ ^/ctimeout/(\\d+)/ { proxy_connect_timeout 300ms; proxy_pass http://127.0.0.1:$1; }
                location /ignore/ { proxy_ignore_client_abort on; proxy_pass http://%1$s/; }
                location /timeout/ { proxy_read_timeout 300ms; proxy_pass http://%1$s/; }
                location / { proxy_pass http://%1$s; }
            }
            """.formatted(origin.address(), refused));

    @AfterAll static void stop() { origin.close(); }

    private static String errorLog(String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String log = "";
        while (System.nanoTime() < deadline) {
            var file = pier.prefix().resolve("logs/error.log");
            // the log is written by its own thread: the file may not be there yet
            log = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
            if (log.contains(expected)) {
                return log;
            }
            Thread.sleep(20);
        }
        return log;
    }

    @Test void refusedConnectionIs502WithNginxsLogLine() throws Exception {
        String r = pier.raw("GET /refused/x?y HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 3000);
        assertThat(r).startsWith("HTTP/1.1 502 Bad Gateway").contains("<center><h1>502 Bad Gateway</h1></center>");
        String line = "connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: , "
                + "request: \"GET /refused/x?y HTTP/1.1\", upstream: \"http://127.0.0.1:" + refused + "/x?y\", host: \"h\"";
        assertThat(errorLog(line)).contains("[error]").contains(line);
    }

    @Test void anAnswerBeforeTheBodyEndsLetsTheConnectionGoOnOnceTheBodyIsIn() throws Exception {
        try (var s = new java.net.Socket("127.0.0.1", pier.port())) {
            s.setSoTimeout(3000);
            var out = s.getOutputStream();
            out.write("POST /refused/x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            var in = s.getInputStream();
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 502 ");
            // the body comes after the answer; the next request on the connection is answered
            out.write("helloGET /status/201 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(rest).contains("HTTP/1.1 201 ");
        }
    }

    @Test void readTimeoutIs504() throws Exception {
        String r = pier.raw("GET /timeout/hang HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 3000);
        assertThat(r).startsWith("HTTP/1.1 504 Gateway Time-out");
        assertThat(errorLog("upstream timed out (110: Connection timed out) while reading response header from upstream"))
                .contains("upstream timed out (110: Connection timed out) while reading response header from upstream, client: 127.0.0.1");
    }

    @Test void connectTimeoutIs504() throws Exception {
        // a listener that never accepts, its backlog filled: further connects get no answer
        try (var full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket f = new java.net.Socket();
                    try {
                        f.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(f);
                    } catch (java.io.IOException stalled) {
                        f.close();
                        break;
                    }
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(fillers.size() < 8, "this network stack accepts every connect");
                String r = pier.raw("GET /ctimeout/" + full.getLocalPort() + "/x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 3000);
                assertThat(r).startsWith("HTTP/1.1 504 ");
                assertThat(errorLog("upstream timed out (110: Connection timed out) while connecting to upstream"))
                        .contains("upstream timed out (110: Connection timed out) while connecting to upstream");
            } finally {
                for (java.net.Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test void garbageIs502() throws Exception {
        assertThat(pier.raw("GET /garbage HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 3000)).startsWith("HTTP/1.1 502 ");
        assertThat(errorLog("upstream sent no valid HTTP/1.0 header while reading response header from upstream"))
                .contains("upstream sent no valid HTTP/1.0 header while reading response header from upstream");
    }

    @Test void closeWithoutAnswerIs502() throws Exception {
        assertThat(pier.raw("GET /close HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 3000)).startsWith("HTTP/1.1 502 ");
        assertThat(errorLog("upstream prematurely closed connection while reading response header from upstream"))
                .contains("upstream prematurely closed connection while reading response header from upstream, client: 127.0.0.1, "
                        + "server: , request: \"GET /close HTTP/1.1\", upstream: \"http://" + origin.address() + "/close\"");
    }

    @Test void shortBodyCutsTheClientConnection() throws Exception {
        String r = pier.raw("GET /short HTTP/1.1\r\nHost: h\r\n\r\n", 3000);
        assertThat(r).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 100");
        assertThat(r.substring(r.indexOf("\r\n\r\n") + 4)).isEqualTo("x".repeat(50));
        assertThat(errorLog("upstream prematurely closed connection while reading upstream"))
                .contains("upstream prematurely closed connection while reading upstream, client: 127.0.0.1");
    }

    @Test void resetBodyCutsTheClientConnection() throws Exception {
        String r = pier.raw("GET /reset HTTP/1.1\r\nHost: h\r\n\r\n", 3000);
        assertThat(r).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 100000");
        assertThat(r.length() - r.indexOf("\r\n\r\n") - 4).isLessThan(100000);
        assertThat(errorLog("(104: Connection reset by peer) while reading upstream")).contains("while reading upstream");
    }

    @Test void clientThatGoesAwayClosesTheUpstreamConnection() throws Exception {
        int before = origin.connectionsOpen();
        try (var s = new java.net.Socket("127.0.0.1", pier.port())) {
            s.getOutputStream().write("GET /hang HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (origin.connectionsOpen() <= before && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(origin.connectionsOpen()).isGreaterThan(before);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (origin.connectionsOpen() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(origin.connectionsOpen()).isEqualTo(before);
        assertThat(errorLog("client prematurely closed connection")).contains("client prematurely closed connection");
    }

    @Test void withIgnoreClientAbortTheUpstreamAnswerIsStillRead() throws Exception {
        // connections of earlier tests may still be closing: count from a settled number
        int before = origin.connectionsOpen();
        long settleBy = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        for (int unchanged = 0; unchanged < 10 && System.nanoTime() < settleBy; ) {
            Thread.sleep(20);
            int now = origin.connectionsOpen();
            unchanged = now == before ? unchanged + 1 : 0;
            before = now;
        }
        int requests = origin.requests();
        try (var s = new java.net.Socket("127.0.0.1", pier.port())) {
            s.getOutputStream().write("GET /ignore/sleep/1500 HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (origin.requests() == requests && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        Thread.sleep(300);
        // the client is gone, the upstream connection is not: it waits for its answer
        assertThat(origin.connectionsOpen()).isGreaterThan(before);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (origin.connectionsOpen() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(origin.connectionsOpen()).isEqualTo(before);
    }

    @Test void nothingIsLeftOpenAfterErrors() throws IOException {
        assertThat(pier.get("/status/503").statusCode()).isEqualTo(503);
    }
}
