package dev.pier.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.NginxOracle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same raw requests to nginx and to Pier, then their access logs compared line by line: the combined
 * format (timestamps masked), a format of counters and sent headers, escape=json and escape=none. Byte
 * counts are compared as what each server logged less what the client received from it, since the two
 * servers' error pages and Server headers differ in length ("nginx/1.22.1" and "pier/0.1.0").
 */
class AccessLogDifferentialTest {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Pattern COMBINED = Pattern.compile("^(\\S+ - \\S+ )\\[[^\\]]+\\]( \".*\" \\d{3} )(\\d+)( \".*\" \".*\")$");

    private static ServerPair pair;
    private static final List<String> requests = new ArrayList<>();

    @BeforeAll static void start() throws Exception {
        Assumptions.assumeTrue(NginxOracle.available(), "nginx is not installed at " + NginxOracle.BINARY);
        Scenario s = Scenario.of("access-logs").file("html/index.html", "hello\n").file("html/dir/index.html", "dir\n");
        pair = ServerPair.start(s);
    }

    @AfterAll static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    private static List<String> cases() throws IOException {
        String lastModified = HTTP_DATE.format(Instant.ofEpochSecond(
                Files.getLastModifiedTime(pair.prefix.resolve("html/index.html")).toInstant().getEpochSecond()));
        Random random = new Random(7);
        StringBuilder noisy = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            int b = 1 + random.nextInt(255);
            noisy.append(b == '\r' || b == '\n' ? 'x' : (char) b);
        }
        return List.of(
                "GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /missing HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /index.html HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: " + lastModified + "\r\n\r\n",
                "HEAD /index.html HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET / HTTP/1.1 X\r\nHost: a\r\n\r\n",
                "GARBAGE\r\n\r\n",
                "GET /r HTTP/1.1\r\nHost: a\r\nUser-Agent: Mozilla \"quoted\" \\ caf\u00e9 \u00ff\u0001\r\n\r\n",
                "GET /r HTTP/1.1\r\nHost: a\r\nReferer: http://ref.test/a?b=\"c\"\r\n\r\n",
                "GET /r HTTP/1.1\r\nHost: a\r\nAuthorization: Basic dXNlcjpwYXNz\r\n\r\n",
                "GET /r HTTP/1.1\r\nHost: a\r\nAuthorization: Basic Zm9v\r\n\r\n",
                "GET /r?a=1&b=2 HTTP/1.1\r\nHost: a\r\nUser-Agent: \r\nX: \t tab\r\n\r\n",
                "POST /r HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
                "POST /r HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                "GET /r HTTP/1.0\r\n\r\n",
                "\r\n\r\nGET /r HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /moved HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /dir HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET / HTTP/1.1\r\n",
                "GET / HTTP/1.1\r\n\r\n",
                "TRACE / HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /quiet HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /r?q=1 HTTP/1.0\r\nBad Header\r\n\r\n",
                "GET /drop HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /r HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n",
                "GET /" + "u".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n",
                "POST /r HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
                "POST /r HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\npartial",
                "POST /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\npartial",
                "POST /r HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "GET /a/../b/%7e HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET http://example.test/r?z HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /r HTTP/1.1\r\nHost: a\r\nX: " + noisy + "\r\n\r\n",
                "GET /r HTTP/1.1\r\nHost: a\r\nUser-Agent: " + noisy.reverse() + "\r\n\r\n",
                // realip: the replaced address is the logged one, except for a request refused while its head was read
                "GET /r HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n",
                "GET /missing HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 198.51.100.2, [2001:db8::3]:8443\r\n\r\n",
                "GET /r HTTP/1.1\r\nHost: a\r\nHost: b\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n");
    }

    /** Sends {@code request}, half-closes, and returns {total bytes received, bytes of the response head}. */
    private static long[] exchange(int port, String request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            in.transferTo(out);
            String text = out.toString(StandardCharsets.ISO_8859_1);
            // the end of the final head: an interim "100 Continue" counts as sent bytes, not as the head
            int from = 0;
            while (text.startsWith("HTTP/1.1 1", from) && text.indexOf("\r\n\r\n", from) > 0) {
                from = text.indexOf("\r\n\r\n", from) + 4;
            }
            int head = text.indexOf("\r\n\r\n", from);
            return new long[] {text.length(), head < 0 ? text.length() : head + 4};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test void sameLinesAsNginx() throws Exception {
        List<String> cases = cases();
        List<long[]> nginxSizes = new ArrayList<>();
        List<long[]> pierSizes = new ArrayList<>();
        for (String c : cases) {
            nginxSizes.add(exchange(pair.nginxPort, c));
            pierSizes.add(exchange(pair.pierPort, c));
        }
        int logged = cases.size() - 1;   // /quiet is not logged
        Thread.sleep(300);   // nginx writes its lines when the request ends, which may be just after the answer
        List<String> nginxCombined = pair.logLines("combined", pair.nginxPort, logged);
        List<String> pierCombined = pair.logLines("combined", pair.pierPort, logged);
        List<String> nginxFields = pair.logLines("fields", pair.nginxPort, logged);
        List<String> pierFields = pair.logLines("fields", pair.pierPort, logged);
        assertThat(nginxCombined).hasSize(logged);
        assertThat(pierCombined).hasSize(logged);
        List<long[]> nginxLogged = withoutQuiet(cases, nginxSizes);
        List<long[]> pierLogged = withoutQuiet(cases, pierSizes);
        for (int i = 0; i < logged; i++) {
            assertThat(combined(pierCombined.get(i), pierLogged.get(i))).as("combined line %d", i)
                    .isEqualTo(combined(nginxCombined.get(i), nginxLogged.get(i)));
            assertThat(fields(pierFields.get(i), pierLogged.get(i), pair.pierPort)).as("fields line %d", i)
                    .isEqualTo(fields(nginxFields.get(i), nginxLogged.get(i), pair.nginxPort));
        }
        for (String name : List.of("json", "raw")) {
            List<String> nginx = pair.logLines(name, pair.nginxPort, logged);
            List<String> pier = pair.logLines(name, pair.pierPort, logged);
            assertThat(pier).hasSameSizeAs(nginx);
            for (int i = 0; i < nginx.size(); i++) {
                assertThat(escapeForReport(pier.get(i))).as("%s line %d", name, i).isEqualTo(escapeForReport(nginx.get(i)));
            }
        }
        for (String line : pair.logLines("json", pair.pierPort, logged)) {
            StrictJsonLine.check(line);
        }
    }

    private static String escapeForReport(String line) {
        StringBuilder sb = new StringBuilder();
        for (char c : line.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("<%02x>", (int) c));
        }
        return sb.toString();
    }

    private static List<long[]> withoutQuiet(List<String> cases, List<long[]> sizes) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            if (!cases.get(i).startsWith("GET /quiet ")) {
                out.add(sizes.get(i));
            }
        }
        return out;
    }

    /** The combined line with the time masked and $body_bytes_sent as its difference from the body received. */
    private static String combined(String line, long[] received) {
        Matcher m = COMBINED.matcher(line);
        assertThat(m.matches()).as("combined line: %s", line).isTrue();
        long body = Long.parseLong(m.group(3)) - (received[0] - received[1]);
        return m.group(1) + "[time]" + m.group(2) + "body-received=" + body + m.group(4);
    }

    /** The fields line with byte counts relative to what was received. */
    private static String fields(String line, long[] received, int port) {
        String[] f = line.split("\\|", -1);
        f[1] = "body-received=" + (Long.parseLong(f[1]) - (received[0] - received[1]));
        f[2] = "sent-received=" + (Long.parseLong(f[2]) - received[0]);
        if (!f[6].equals("-")) {
            f[6] = "length-received=" + (Long.parseLong(f[6]) - (received[0] - received[1]));
        }
        return String.join("|", f).replace(":" + port + "/", ":@PORT@/");
    }

    /** Every escape=json line parses as JSON whatever bytes the client sent. */
    private static final class StrictJsonLine {
        static void check(String line) {
            // the parser of the log package's tests, reached through its public behaviour: a strict scan
            int depth = 0;
            boolean inString = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inString) {
                    assertThat(c).as("raw control byte in %s", line).isGreaterThanOrEqualTo(' ');
                    if (c == '\\') {
                        char e = line.charAt(++i);
                        assertThat("\"\\/bfnrtu").as("escape in %s", line).contains(String.valueOf(e));
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
            }
            assertThat(inString).isFalse();
            assertThat(depth).isZero();
        }
    }
}
