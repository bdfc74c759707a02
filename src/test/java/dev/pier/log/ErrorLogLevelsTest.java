package dev.pier.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.core.ErrorLog;
import dev.pier.core.ErrorLogSpec;
import dev.pier.core.LogLevel;
import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** error_log as nginx has it: several targets per level, per-level logs for requests, syslog, the line layout. */
class ErrorLogLevelsTest {
    private static final String LAYOUT = "\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[error\\] \\d+#\\d+: \\*\\d+ ";
    private static DatagramSocket syslog;
    private static PierTestServer pier;

    @TempDir Path dir;

    @BeforeAll static void start() throws Exception {
        syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        syslog.setSoTimeout(5000);
        pier = PierTestServer.withConfig("""
                error_log logs/http.log warn;
                server {
                    listen 127.0.0.1:0;
                    location /a { error_log logs/a1.log; error_log logs/a2.log crit; }
                    location /s { error_log syslog:server=127.0.0.1:%d,tag=pier_test,nohostname info; }
                    location /other { }
                }
                """.formatted(syslog.getLocalPort()));
        pier.start();
    }

    @AfterAll static void stop() {
        pier.stop();
        syslog.close();
    }

    private static List<String> lines(String file, int atLeast) throws Exception {
        Path p = pier.prefix().resolve("logs/" + file);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Files.exists(p)) {
                List<String> l = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
                if (l.size() >= atLeast) {
                    return l;
                }
            }
            Thread.sleep(20);
        }
        return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.ISO_8859_1) : List.of();
    }

    @Test void aLocationLogGetsItsRequestsInNginxsLayout() throws Exception {
        pier.raw("GET /a/missing?x=1 HTTP/1.1\r\nHost: A.b:99\r\nReferer: http://r/\"q\"\r\nConnection: close\r\n\r\n");
        List<String> a1 = lines("a1.log", 1);
        assertThat(a1).hasSize(1);
        assertThat(a1.get(0)).matches(LAYOUT + "open\\(\\) \".*/html/a/missing\" failed \\(2: No such file or directory\\), "
                + "client: 127\\.0\\.0\\.1, server: , request: \"GET /a/missing\\?x=1 HTTP/1\\.1\", host: \"A\\.b:99\", "
                + "referrer: \"http://r/\"q\"\"");
        // a2 keeps crit and worse only; the http level's log does not see what a location logs itself
        assertThat(lines("a2.log", 0)).isEmpty();
        assertThat(lines("http.log", 0)).noneMatch(l -> l.contains("/a/missing"));
    }

    @Test void otherLocationsInheritTheHttpLevelsLog() throws Exception {
        pier.raw("GET /other/missing HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(lines("http.log", 1)).anyMatch(l -> l.matches(LAYOUT + "open\\(\\) .*/other/missing\" failed .*"));
    }

    @Test void syslogGetsTheWholeLineWithTheLinesSeverity() throws Exception {
        pier.raw("GET /s/missing HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        syslog.receive(p);
        String got = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
        // local7 (23) * 8 + error (3)
        assertThat(got).matches("<187>[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d pier_test: " + LAYOUT
                + "open\\(\\) .*/s/missing\" failed .*");
    }

    @Test void everyTargetOfALogGetsTheLinesItsLevelKeeps() throws IOException, InterruptedException {
        ErrorLog log = ErrorLog.of(List.of(new ErrorLogSpec("one.log", LogLevel.ERROR), new ErrorLogSpec("two.log", LogLevel.INFO)), dir, true);
        assertThat(log.enabled(LogLevel.INFO)).isTrue();
        assertThat(log.enabled(LogLevel.DEBUG)).isFalse();
        log.write(LogLevel.ERROR, 7, "both");
        log.write(LogLevel.INFO, 7, "only two");
        log.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.readAllLines(dir.resolve("two.log")).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(Files.readAllLines(dir.resolve("one.log"))).singleElement().asString().endsWith("[error] "
                + ProcessHandle.current().pid() + "#" + Thread.currentThread().threadId() + ": *7 both");
        assertThat(Files.readAllLines(dir.resolve("two.log"))).hasSize(2).last().asString().endsWith(": *7 only two");
    }

    @Test void everyMainLevelErrorLogGetsTheProcesssLines() throws Exception {
        try {
            ErrorLog.install(List.of(new ErrorLogSpec("logs/main1.log", LogLevel.WARN), new ErrorLogSpec("logs/main2.log", LogLevel.NOTICE)), dir);
            ErrorLog.log(LogLevel.WARN, "a warning");
            ErrorLog.log(LogLevel.NOTICE, "a notice");
            ErrorLog.log(LogLevel.INFO, "not kept");
            ErrorLog.get().flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Files.readAllLines(dir.resolve("logs/main2.log")).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Files.readAllLines(dir.resolve("logs/main1.log"))).singleElement().asString().endsWith("[warn] "
                    + ProcessHandle.current().pid() + "#" + Thread.currentThread().threadId() + ": a warning");
            assertThat(Files.readAllLines(dir.resolve("logs/main2.log"))).hasSize(2).last().asString().endsWith(": a notice");
        } finally {
            ErrorLog.install((Path) null, LogLevel.ERROR);
        }
    }
}
