package dev.pier.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The log phase end to end: what lines reach which files, for which requests, at which levels. */
class AccessLogTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            log_format vars '$status $body_bytes_sent $bytes_sent $request_length "$request" $remote_user '
                            '$sent_http_content_length $sent_http_content_type $sent_http_connection $connection_requests';
            log_format cond '$uri';
            log_format pipe '$pipe $request_uri';
            log_format rid '$request_id';
            log_format ids '$request_id $request_id|$time_iso8601|$time_local|$pid|$realpath_root|$document_root|$nginx_version';
            access_log logs/main.log;
            access_log logs/vars.log vars;
            access_log logs/pipe.log pipe;
            server {
                listen 127.0.0.1:0;
                location = /ok { return 200 "ok\\n"; }
                location /quiet { access_log off; return 204; }
                location /own { access_log logs/own.log vars; return 200 "own"; }
                location /cond { access_log logs/cond.log cond if=$arg_log; return 200; }
                location /per { access_log logs/per-$arg_n.log cond; return 200; }
                location /ids { root linked; access_log logs/ids.log ids; return 200; }
                location /zipped { access_log logs/zipped.log.gz cond gzip=9 flush=100ms; return 200; }
                location = /rid { access_log logs/rid.log rid; return 200 "$request_id $request_id"; }
                location /rotated { access_log logs/rotated.log cond; return 200; }
            }
            """, prefix -> {
                Files.writeString(prefix.resolve("html/index.html"), "hello\n");
                Files.createSymbolicLink(prefix.resolve("linked"), prefix.resolve("html"));
            });

    static List<String> lines(String file, int atLeast) { return linesIn(pier, file, atLeast); }

    /** The lines of {@code file} under the server's logs/, waiting (up to 5 s) until there are {@code atLeast}. */
    static List<String> linesIn(PierTestServer pier, String file, int atLeast) {
        Path p = pier.prefix().resolve("logs").resolve(file);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            AccessLogs.flushAll(1000);
            try {
                if (Files.exists(p)) {
                    List<String> l = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
                    if (l.size() >= atLeast || System.nanoTime() > deadline) {
                        return l;
                    }
                } else if (System.nanoTime() > deadline) {
                    return List.of();
                }
                Thread.sleep(20);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static String last(String file, int atLeast) {
        List<String> l = lines(file, atLeast);
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }

    private int before(String file) { return lines(file, 0).size(); }

    @Test void combinedLineForAStaticFile() {
        int n = before("main.log");
        pier.raw("GET /index.html HTTP/1.1\r\nHost: a\r\nReferer: http://r/\r\nUser-Agent: t \"q\" \u00e9\r\n"
                + "Authorization: Basic dXNlcjpwYXNz\r\nConnection: close\r\n\r\n");
        String line = last("main.log", n + 1);
        assertThat(line).matches("127\\.0\\.0\\.1 - user \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\\] "
                + "\"GET /index.html HTTP/1.1\" 200 6 \"http://r/\" \"t \\\\x22q\\\\x22 \\\\xE9\"");
    }

    @Test void countersAndSentHeaders() {
        int n = before("vars.log");
        String response = pier.raw("GET /ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        String line = last("vars.log", n + 1);
        int head = response.indexOf("\r\n\r\n") + 4;
        assertThat(line).isEqualTo("200 3 " + response.length() + " 48 \"GET /ok HTTP/1.1\" - 3 text/plain close 1");
        assertThat(head).isEqualTo(response.length() - 3);
    }

    @Test void offAndOwnLevels() {
        int main = before("main.log");
        pier.raw("GET /quiet HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        pier.raw("GET /own HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        pier.raw("GET /ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        List<String> lines = lines("main.log", main + 1);
        assertThat(lines.subList(main, lines.size())).hasSize(1).allMatch(l -> l.contains("\"GET /ok HTTP/1.1\" 200"));
        assertThat(last("own.log", 1)).startsWith("200 3 ");
    }

    @Test void conditionSkipsEmptyAndZero() {
        pier.raw("GET /cond?log=0 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        pier.raw("GET /cond/a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        pier.raw("GET /cond/b?log=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(lines("cond.log", 1)).containsExactly("/cond/b");
    }

    @Test void fileNamesWithVariables() {
        pier.raw("GET /per?n=x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        pier.raw("GET /per?n=y HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(lines("per-x.log", 1)).containsExactly("/per");
        assertThat(lines("per-y.log", 1)).containsExactly("/per");
    }

    @Test void badRequestIsLoggedWithItsLineAsReceived() {
        int n = before("vars.log");
        pier.raw("GET / HTTP/1.1 X\r\nHost: a\r\n\r\n");
        assertThat(last("vars.log", n + 1)).startsWith("400 155 305 0 \"GET / HTTP/1.1 X\" - 155 text/html close 1");
    }

    @Test void clientGoneMidRequestIsLogged400WithNothingSent() {
        int n = before("vars.log");
        pier.raw("GET / HTTP/1.1\r\n", 300);
        assertThat(last("vars.log", n + 1)).startsWith("400 0 0 16 \"GET / HTTP/1.1\" ");
    }

    @Test void keepAliveRequestsEachGetALine() {
        int n = before("vars.log");
        pier.raw("GET /ok HTTP/1.1\r\nHost: a\r\n\r\nGET /ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        List<String> lines = lines("vars.log", n + 2);
        assertThat(lines.subList(n, lines.size())).hasSize(2);
        assertThat(lines.get(n)).endsWith(" close 1");
        assertThat(lines.get(n + 1)).endsWith(" close 2");
        pier.raw("GET /ok?single HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        List<String> pipe = lines("pipe.log", 3);
        assertThat(pipe.subList(pipe.size() - 3, pipe.size())).containsExactly(". /ok", "p /ok", ". /ok?single");
    }

    @Test void requestIdTimeProcessAndRealPath() throws IOException {
        pier.raw("GET /ids HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        pier.raw("GET /ids HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        List<String> l = lines("ids.log", 2);
        String[] f = l.get(0).split("\\|");
        String[] ids = f[0].split(" ");
        assertThat(ids[0]).matches("[0-9a-f]{32}").isEqualTo(ids[1]);
        assertThat(l.get(1).substring(0, 32)).isNotEqualTo(ids[0]);
        assertThat(f[1]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
        assertThat(f[2]).matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}");
        assertThat(f[3]).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(f[4]).isEqualTo(pier.prefix().resolve("html").toRealPath().toString());
        assertThat(f[5]).isEqualTo(pier.prefix().resolve("linked").toString());
        assertThat(f[6]).isEqualTo(dev.pier.Version.NUMBER);
    }

    @Test void requestIdIsTheSameInTheAnswerAndTheLog() {
        String body = pier.get("/rid").body();
        String[] ids = body.split(" ");
        assertThat(ids[0]).matches("[0-9a-f]{32}").isEqualTo(ids[1]);
        assertThat(lines("rid.log", 1)).containsExactly(ids[0]);
    }

    @Test void gzipLogsAreReadableWhole() throws IOException {
        pier.raw("GET /zipped/1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        pier.raw("GET /zipped/2 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        Path file = pier.prefix().resolve("logs/zipped.log.gz");
        String text = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!text.equals("/zipped/1\n/zipped/2\n") && System.nanoTime() < deadline) {
            AccessLogs.flushAll(500);
            if (Files.exists(file)) {
                try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
                    text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                } catch (java.io.EOFException e) {
                    text = "";
                }
            }
        }
        assertThat(text).isEqualTo("/zipped/1\n/zipped/2\n");
    }

    @Test void reopenAllStartsNewFilesAfterRotation() throws IOException {
        pier.raw("GET /rotated/before HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(lines("rotated.log", 1)).containsExactly("/rotated/before");
        Files.move(pier.prefix().resolve("logs/rotated.log"), pier.prefix().resolve("logs/rotated.log.1"));
        AccessLogs.reopenAll();
        pier.raw("GET /rotated/after HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(lines("rotated.log", 1)).containsExactly("/rotated/after");
        assertThat(lines("rotated.log.1", 1)).containsExactly("/rotated/before");
    }

    @Test void syslogTargetsGetTheLine() throws Exception {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            PierTestServer other = PierTestServer.withConfig("""
                    log_format cond '$uri $status';
                    server {
                        listen 127.0.0.1:0;
                        access_log syslog:server=127.0.0.1:%d,tag=web,facility=local1 cond;
                        location / { return 204; }
                    }
                    """.formatted(socket.getLocalPort()));
            other.start();
            try {
                other.raw("GET /via-syslog HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
                var p = new java.net.DatagramPacket(new byte[2048], 2048);
                socket.receive(p);
                // local1 (17) * 8 + info (6)
                assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1))
                        .matches("<142>[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d \\S+ web: /via-syslog 204");
            } finally {
                other.stop();
            }
        }
    }
}
