package dev.pier.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.NginxOracle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nginx 1.22 and Pier with {@code listen ... http2} on a cleartext port, both asked by curl with HTTP/2 prior
 * knowledge: the same status, type, length and body (error pages aside, whose server token differs), and the
 * same access log lines ("GET /x HTTP/2.0", $server_protocol, $http2 "h2c", $host from :authority, cookies
 * joined). The raw-socket harness of the other cases speaks HTTP/1 only, hence this class.
 */
class Http2DifferentialTest {
    private static ServerPair pair;

    @BeforeAll static void start() throws Exception {
        Assumptions.assumeTrue(NginxOracle.available(), "nginx is not installed at " + NginxOracle.BINARY);
        Scenario s = Scenario.of("http2").origin("o1").file("html/index.html", "hello\n").file("html/404.html", "none\n")
                .file("html/dir/index.html", "dir\n");
        pair = ServerPair.start(s);
    }

    @AfterAll static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    /** curl's arguments for each case (the URL path last; the port is filled in). */
    private static final List<List<String>> CASES = List.of(
            List.of("/index.html"),
            List.of("-r", "1-3", "/index.html"),
            List.of("-H", "If-None-Match: *", "/index.html"),
            List.of("-I", "/index.html"),
            List.of("/missing?a=1"),
            List.of("/r?x=%41"),
            List.of("-H", "Cookie: a=1", "-H", "Cookie: b=2", "/r"),
            List.of("-A", "agent \"q\"", "/moved"),
            List.of("/rw"),
            List.of("/dir"),
            List.of("-H", "Host: other.test", "/r"),
            List.of("-X", "TRACE", "/r"),
            List.of("--data-binary", "hello", "/api/respond?status=201&body=made"),
            List.of("-X", "DELETE", "/api/respond?status=204"));

    @Test void sameAnswersAndLogLines() throws Exception {
        List<String[]> nginx = new ArrayList<>();
        List<String[]> pier = new ArrayList<>();
        for (List<String> c : CASES) {
            nginx.add(curl(pair.nginxPort, c));
            pier.add(curl(pair.pierPort, c));
        }
        for (int i = 0; i < CASES.size(); i++) {
            String[] n = nginx.get(i);
            String[] p = pier.get(i);
            assertThat(p[0]).as("status of %s", CASES.get(i)).isEqualTo(n[0]);
            assertThat(p[1]).as("protocol of %s", CASES.get(i)).isEqualTo(n[1]);
            if (!n[0].startsWith("4") && !n[0].startsWith("3")) {
                assertThat(headless(p[2])).as("body of %s", CASES.get(i)).isEqualTo(headless(n[2]));
            }
        }
        Thread.sleep(300);
        List<String> nginxLog = pair.logLines("h2", pair.nginxPort, CASES.size());
        List<String> pierLog = pair.logLines("h2", pair.pierPort, CASES.size());
        assertThat(pierLog).hasSameSizeAs(nginxLog).hasSize(CASES.size());
        for (int i = 0; i < nginxLog.size(); i++) {
            assertThat(comparable(pierLog.get(i))).as("log line %d", i).isEqualTo(comparable(nginxLog.get(i)));
        }
    }

    /** A head printed by -I, less the lines that differ by nature (server token, date). */
    private static String headless(String body) { return body.replaceAll("(?m)^(server|date): .*\r?\n", ""); }

    /** Error and redirect pages differ in their server token, so their lengths are left out. */
    private static String comparable(String line) {
        return line.replace(":" + pair.nginxPort, ":PORT").replace(":" + pair.pierPort, ":PORT")
                .replaceAll("\" (30\\d|40\\d) \\d+ ", "\" $1 N ").replaceAll(" text/html \\d+ ", " text/html N ");
    }

    /** {status, protocol, body} of curl's answer. */
    private static String[] curl(int port, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--http2-prior-knowledge", "--max-time", "10",
                "-o", "-", "-w", "\n%{http_code} %{http_version}"));
        cmd.addAll(args.subList(0, args.size() - 1));
        cmd.add("http://127.0.0.1:" + port + args.get(args.size() - 1));
        try {
            Process p = new ProcessBuilder(cmd).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            p.waitFor(20, TimeUnit.SECONDS);
            String text = out.toString(StandardCharsets.ISO_8859_1);
            int nl = text.lastIndexOf('\n');
            String[] tail = text.substring(nl + 1).split(" ");
            return new String[] {tail[0], tail[1], text.substring(0, nl)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
