package dev.pier.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests that end badly (timeouts, aborts), inheritance between levels, and a writer that cannot keep up. */
class AccessLogBehaviourTest {
    private static final int BIG = 8 * 1024 * 1024;

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            log_format t '$status $body_bytes_sent $bytes_sent $request_length "$request"';
            log_format time '$request_time $msec';
            log_format js escape=json '{"ua":"$http_user_agent","x":"$http_x","r":"$request"}';
            client_header_timeout 1s;
            access_log logs/http.log t;
            server {
                listen 127.0.0.1:0;
                location = /ok { return 200 "ok\\n"; }
                location /big { }
                location /json { access_log logs/json.log js; return 200; }
                location /slow { access_log logs/time.log time; return 200; }
            }
            server {
                listen 127.0.0.1:0;
                server_name two;
                access_log logs/server.log t;
                access_log logs/server2.log t;
                location = /ok { return 200 "ok\\n"; }
                location /off { access_log off; return 200; }
                location /loc {
                    access_log logs/loc.log t;
                    location /loc/inner { return 200; }
                    return 200;
                }
            }
            """, prefix -> {
                byte[] big = new byte[BIG];
                new Random(1).nextBytes(big);
                Files.write(prefix.resolve("html/big"), big);
            });

    private static List<String> lines(String file, int atLeast) { return AccessLogTest.linesIn(pier, file, atLeast); }

    /** Sends a request to the default server (0) or to server "two" (1), half-closes, reads the answer. */
    private static String raw(int server, String request) {
        if (server == 1) {
            request = request.replace("Host: a", "Host: two");
        }
        try (Socket s = new Socket("127.0.0.1", pier.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test void aRequestHeadNotReadInTimeIsLogged408WithWhatArrived() throws Exception {
        int n = lines("http.log", 0).size();
        try (Socket s = new Socket("127.0.0.1", pier.port())) {
            s.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);   // closed without an answer
        }
        try (Socket s = new Socket("127.0.0.1", pier.port())) {
            s.getOutputStream().write("G".getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket s = new Socket("127.0.0.1", pier.port())) {
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);   // nothing sent: nothing logged
        }
        List<String> l = lines("http.log", n + 2);
        assertThat(l.subList(n, l.size())).containsExactly("408 0 0 27 \"GET /ok HTTP/1.1\"", "408 0 0 0 \"G\"");
    }

    @Test void anAbortedResponseLogsWhatWasActuallySent() throws Exception {
        int n = lines("http.log", 0).size();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", pier.port()));
            OutputStream out = s.getOutputStream();
            out.write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1000];
            int got = 0;
            while (got < 1000) {
                got += in.read(buf, got, 1000 - got);
            }
            Thread.sleep(300);
            s.setSoLinger(true, 0);   // reset: what the kernel still holds for us is dropped
        }
        String line = lines("http.log", n + 1).get(n);
        String[] f = line.split(" ");
        assertThat(f[0]).isEqualTo("200");
        long body = Long.parseLong(f[1]);
        long sent = Long.parseLong(f[2]);
        assertThat(body).isGreaterThan(0).isLessThan(BIG);
        assertThat(sent).isGreaterThan(body);
    }

    @Test void requestTimeCountsFromTheRequestsFirstByte() throws Exception {
        long before = System.currentTimeMillis();
        try (Socket s = new Socket("127.0.0.1", pier.port())) {
            s.getOutputStream().write("GET /slow HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(400);
            s.getOutputStream().write("Host: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(5000);
            s.getInputStream().readAllBytes();
        }
        String[] f = lines("time.log", 1).get(0).split(" ");
        assertThat(f[0]).matches("\\d+\\.\\d{3}");
        assertThat(Double.parseDouble(f[0])).isBetween(0.35, 5.0);
        assertThat(f[1]).matches("\\d{10}\\.\\d{3}");
        assertThat((long) (Double.parseDouble(f[1]) * 1000)).isBetween(before, System.currentTimeMillis());
    }

    @Test void aCompleteFileResponseCountsEveryByte() {
        int n = lines("http.log", 0).size();
        String response = pier.raw("GET /big HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 3000);
        assertThat(response.length()).isGreaterThan(BIG);
        assertThat(lines("http.log", n + 1).get(n)).isEqualTo("200 " + BIG + " " + response.length() + " 49 \"GET /big HTTP/1.1\"");
    }

    @Test void aLevelWithItsOwnLogsReplacesTheInheritedOnes() {
        int http = lines("http.log", 0).size();
        int server = lines("server.log", 0).size();
        int server2 = lines("server2.log", 0).size();
        raw(1, "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
        raw(1, "GET /loc/inner HTTP/1.1\r\nHost: a\r\n\r\n");
        raw(1, "GET /off HTTP/1.1\r\nHost: a\r\n\r\n");
        raw(0, "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(requests(lines("server.log", server + 1), server)).containsExactly("GET /ok HTTP/1.1");
        assertThat(requests(lines("server2.log", server2 + 1), server2)).containsExactly("GET /ok HTTP/1.1");
        assertThat(requests(lines("loc.log", 1), 0)).containsExactly("GET /loc/inner HTTP/1.1");
        assertThat(requests(lines("http.log", http + 1), http)).containsExactly("GET /ok HTTP/1.1");
    }

    /** The quoted request of each line from {@code from} on. */
    private static List<String> requests(List<String> lines, int from) {
        return lines.subList(from, lines.size()).stream().map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"'))).toList();
    }

    @Test void escapeJsonLinesParseWhateverBytesTheClientSends() {
        Random random = new Random(11);
        int before = lines("json.log", 0).size();
        int requests = 40;
        StringBuilder expectedUa = new StringBuilder();
        for (int r = 0; r < requests; r++) {
            StringBuilder ua = new StringBuilder();
            StringBuilder x = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                ua.append(headerByte(random));
                x.append(headerByte(random));
            }
            String uaValue = ua.toString().strip();
            raw(0, "GET /json HTTP/1.1\r\nHost: a\r\nUser-Agent: " + ua + "\r\nX: " + x + "\r\n\r\n");
            if (r == 0) {
                expectedUa.append(uaValue);
            }
        }
        List<String> l = lines("json.log", before + requests);
        assertThat(l).hasSizeGreaterThanOrEqualTo(before + requests);
        for (String line : l.subList(before, before + requests)) {
            var parsed = StrictJson.object(line);
            assertThat(parsed).containsKeys("ua", "x", "r");
            assertThat(parsed.get("r")).isEqualTo("GET /json HTTP/1.1");
        }
        assertThat(StrictJson.object(l.get(before)).get("ua")).isEqualTo(expectedUa.toString());
    }

    /** Any byte a header value may carry: all but NUL, CR and LF. */
    private static char headerByte(Random random) {
        int b;
        do {
            b = random.nextInt(256);
        } while (b == 0 || b == '\r' || b == '\n');
        return (char) b;
    }

    @Test void aStalledLogWriterNeverDelaysAnswers() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LogWriter.global().submit((path, line) -> {
            stalled.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, null, new byte[0]);
        assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
        int n;
        try {
            n = Files.exists(pier.prefix().resolve("logs/http.log")) ? Files.readAllLines(pier.prefix().resolve("logs/http.log")).size() : 0;
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                assertThat(raw(0, "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
            }
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
            Path log = pier.prefix().resolve("logs/http.log");
            int now = Files.exists(log) ? Files.readAllLines(log).size() : 0;
            assertThat(now).as("nothing is written while the writer is stalled").isEqualTo(n);
        } finally {
            release.countDown();
        }
        assertThat(lines("http.log", n + 50)).hasSizeGreaterThanOrEqualTo(n + 50);
    }
}
