package dev.pier.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed and ambiguous requests over real sockets: each gets nginx's status and the connection is
 * closed, so nothing after the bad request can be read as a second request (no smuggling).
 */
class MalformedRequestSocketTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                location / { return 200 "ok"; }
            }
            """);

    /** Each row: the request with \\r\\n written as |, then the status nginx 1.22 answers. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "GET / HTTP/1.1||;400",
            "GET / HTTP/1.1|Host: a|Host: b||;400",
            "POST / HTTP/1.1|Host: a|Content-Length: 5|Transfer-Encoding: chunked||hello;400",
            "POST / HTTP/1.1|Host: a|Content-Length: 5|Content-Length: 6||hello;400",
            "POST / HTTP/1.1|Host: a|Content-Length: abc||;400",
            "POST / HTTP/1.1|Host: a|Content-Length: -1||;400",
            "POST / HTTP/1.1|Host: a|Transfer-Encoding: gzip||;501",
            "POST / HTTP/1.1|Host: a|Transfer-Encoding: chunked||zz|hello|0||;400",
            "POST / HTTP/1.0|Host: a|Transfer-Encoding: chunked||5|hello|0||;400",
            "GET / HTTP/2.0|Host: a||;505",
            "GET / HTTP/01.1|Host: a||;400",
            "get / HTTP/1.1|Host: a||;400",
            "GET /%zz HTTP/1.1|Host: a||;400",
            "GET /../x HTTP/1.1|Host: a||;400",
            "GET / HTTP/1.1|Host: a/b||;400",
            "GET / HTTP/1.1|Host: a| folded||;400",
    })
    void malformedRequestGetsNginxStatusAndClose(String request, int status) throws IOException {
        String wire = request.replace("|", "\r\n") + "GET /after HTTP/1.1\r\nHost: a\r\n\r\n";
        Exchange ex = send(wire);
        assertThat(ex.statusLines()).hasSize(1);
        assertThat(ex.statusLines().get(0)).startsWith("HTTP/1.1 " + status + " ");
        assertThat(ex.closed()).as("connection closed after the error").isTrue();
    }

    @Test void tooLongUriIs414() throws IOException {
        Exchange ex = send("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(ex.statusLines()).containsExactly("HTTP/1.1 414 Request-URI Too Large");
        assertThat(ex.closed()).isTrue();
    }

    @Test void tooLargeHeaderIs400WithNginxPage() throws IOException {
        Exchange ex = send("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");
        assertThat(ex.statusLines()).containsExactly("HTTP/1.1 400 Bad Request");
        assertThat(ex.raw()).contains("<title>400 Request Header Or Cookie Too Large</title>");
        assertThat(ex.closed()).isTrue();
    }

    @Test void chunkedBodyThenPipelinedRequestBothAnswered() throws IOException {
        Exchange ex = send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(ex.statusLines()).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
    }

    private static final java.util.regex.Pattern STATUS_LINE = java.util.regex.Pattern.compile("HTTP/1\\.1 \\d{3} [^\r]*");

    private record Exchange(String raw, List<String> statusLines, boolean closed) { }

    private static Exchange send(String wire) throws IOException {
        try (Socket s = new Socket("127.0.0.1", pier.port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write(wire.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            byte[] buf = new byte[16384];
            boolean closed = false;
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
                closed = true;
            } catch (java.net.SocketTimeoutException e) {
                closed = false;
            } catch (java.net.SocketException e) {
                closed = true;   // reset after the response: closed all the same
            }
            List<String> lines = new ArrayList<>();
            java.util.regex.Matcher m = STATUS_LINE.matcher(sb);
            while (m.find()) {
                lines.add(m.group());
            }
            return new Exchange(sb.toString(), lines, closed);
        }
    }
}
