package dev.pier.http.realip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code listen ... proxy_protocol} on real sockets: headers in pieces, keep-alive, broken headers, the header timeout, per-address flags. */
class ProxyProtocolListenTest {
    @RegisterExtension static final PierTestServer pier = PierTestServer.withConfig("""
            client_header_timeout 1s;
            server {
                listen 127.0.0.1:0 proxy_protocol;
                server_name a;
                location / { return 200 "ra=$remote_addr ppa=[$proxy_protocol_addr] ppp=[$proxy_protocol_port] n=$connection_requests\n"; }
            }
            server {
                listen 127.0.0.1:0;
                server_name b;
                location / { return 200 "b ppa=[$proxy_protocol_addr]\n"; }
            }
            server {
                listen 0.0.0.0:0;
                location / { return 200 "wildcard ppa=[$proxy_protocol_addr]\n"; }
            }
            server {
                listen 127.0.0.2:0 proxy_protocol;
                location / { return 200 "specific ppa=[$proxy_protocol_addr]\n"; }
            }
            """);

    private static Path log;

    @BeforeAll static void logToAFile() throws IOException {
        log = pier.prefix().resolve("logs/error.log");
        ErrorLog.install(log, LogLevel.INFO);
    }

    @AfterAll static void logToStderrAgain() throws IOException {
        ErrorLog.install(null, LogLevel.ERROR);
    }

    private static String logWith(String expected) throws IOException, InterruptedException {
        String text = "";
        for (int i = 0; i < 100; i++) {
            text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            if (text.contains(expected)) {
                return text;
            }
            Thread.sleep(20);
        }
        return text;
    }

    /** Writes the pieces with a pause between them, then reads until the server closes or goes quiet. */
    private static String exchange(String host, int port, String... pieces) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setSoTimeout(2500);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    Thread.sleep(50);
                }
                out.write(pieces[i].getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            StringBuilder sb = new StringBuilder();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
                sb.append("[closed]");
            } catch (SocketTimeoutException e) {
                sb.append("[open]");
            }
            return sb.toString();
        }
    }

    private static String exchange(String... pieces) throws Exception { return exchange("127.0.0.1", pier.port(0), pieces); }

    @Test void headerThenRequest() throws Exception {
        assertThat(exchange("PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET / HTTP/1.0\r\n\r\n"))
                .contains("ra=127.0.0.1 ppa=[1.2.3.4] ppp=[1111] n=1").endsWith("[closed]");
    }

    @Test void headerSplitOverSeveralReads() throws Exception {
        assertThat(exchange("PRO", "XY TCP4 1.2.", "3.4 5.6.7.8 1111 22", "22\r", "\nGET / HTTP/1.0\r\n\r\n"))
                .contains("ppa=[1.2.3.4] ppp=[1111]");
        String v2 = "\r\n\r\n\u0000\r\nQUIT\n\u0021\u0011\u0000\u000c\u0009\u0008\u0007\u0006\u0005\u0006\u0007\u0008\u0000\u0050\u0000\u0051";
        assertThat(exchange(v2.substring(0, 5), v2.substring(5, 17), v2.substring(17), "GET / HTTP/1.0\r\n\r\n"))
                .contains("ppa=[9.8.7.6] ppp=[80]");
    }

    @Test void theHeaderHoldsForEveryRequestOfTheConnection() throws Exception {
        String r = exchange("PROXY TCP6 2001:db8::1 ::1 443 80\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(r).contains("ppa=[2001:db8::1] ppp=[443] n=1").contains("ppa=[2001:db8::1] ppp=[443] n=2").endsWith("[closed]");
    }

    @Test void aBrokenHeaderClosesWithoutAResponseAndLogsAsNginx() throws Exception {
        assertThat(exchange("GET /nope HTTP/1.0\r\n\r\n")).isEqualTo("[closed]");
        assertThat(logWith("broken header: \"GET /nope")).contains("[error]").contains("broken header: \"GET /nope HTTP/1.0\r\n\r\n\""
                + " while reading PROXY protocol, client: 127.0.0.1, server: 0.0.0.0:0");
        assertThat(exchange("\r\n\r\n\u0000\r\nQUIT\n\u0031\u0011\u0000\u0000")).isEqualTo("[closed]");
        assertThat(logWith("unknown PROXY protocol version: 3 while reading PROXY protocol")).contains("[error]");
    }

    @Test void clientHeaderTimeoutRunsWhileWaitingForTheHeader() throws Exception {
        long start = System.nanoTime();
        assertThat(exchange("PROXY TCP4 1.2")).isEqualTo("[closed]");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(900L, 2400L);
        assertThat(logWith("client timed out (110: Connection timed out) while reading PROXY protocol"))
                .contains("[info]").contains("while reading PROXY protocol, client: 127.0.0.1, server: 0.0.0.0:0");
        // the timeout is Pier's close: the bytes are not judged as a broken header
        Thread.sleep(200);
        assertThat(Files.readString(log, StandardCharsets.ISO_8859_1)).doesNotContain("broken header: \"PROXY TCP4 1.2\"");
    }

    @Test void aClientThatLeavesBeforeAnyByteIsLoggedAtInfo() throws Exception {
        try (Socket s = new Socket("127.0.0.2", pier.port(0))) {
            Thread.sleep(100);
        }
        assertThat(logWith("client closed connection while reading PROXY protocol, client: 127.0.0.1"))
                .containsPattern("\\[info\\] .*client closed connection while reading PROXY protocol, client: 127\\.0\\.0\\.1, server: 0\\.0\\.0\\.0:0");
    }

    @Test void aClientThatLeavesMidHeaderIsABrokenHeader() throws Exception {
        try (Socket s = new Socket("127.0.0.1", pier.port(0))) {
            s.getOutputStream().write("PROXY TCP4 9.9.".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            Thread.sleep(100);
        }
        assertThat(logWith("broken header: \"PROXY TCP4 9.9.\"")).contains("while reading PROXY protocol");
    }

    /**
     * nginx keeps the flag per address (ORed over the listens of the address): here one wildcard socket serves
     * all, and connections to 127.0.0.1 and 127.0.0.2 start with a header, others do not.
     */
    @Test void theFlagBelongsToTheAddress() throws Exception {
        int port = pier.port(0);
        assertThat(exchange("127.0.0.1", port, "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\nGET / HTTP/1.0\r\nHost: b\r\n\r\n")).contains("b ppa=[1.2.3.4]");
        assertThat(exchange("127.0.0.2", port, "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\nGET / HTTP/1.0\r\n\r\n")).contains("specific ppa=[1.2.3.4]");
        assertThat(exchange("127.0.0.4", port, "GET / HTTP/1.0\r\n\r\n")).contains("wildcard ppa=[]");
    }
}
