package dev.pier.http.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The preface is recognised however it is split over reads; a line that only starts like it stays HTTP/1. */
class PrefaceSnifferTest {
    @RegisterExtension static final PierTestServer PIER = PierTestServer.withConfig("""
            server { listen 127.0.0.1:0 http2; location / { return 200 "ok\\n"; } }
            """);

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** An empty SETTINGS frame. */
    private static final byte[] SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};

    @Test void prefaceOneByteAtATime() throws Exception {
        try (Socket s = new Socket("127.0.0.1", PIER.port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            for (byte b : PREFACE) {
                out.write(b);
                out.flush();
                Thread.sleep(5);
            }
            out.write(SETTINGS);
            out.flush();
            byte[] head = s.getInputStream().readNBytes(9);
            assertThat(head).hasSize(9);
            assertThat(head[3]).as("frame type").isEqualTo((byte) 4);   // the server's SETTINGS
        }
    }

    @Test void aLineThatStartsLikeThePrefaceIsHttp1() throws IOException {
        String answer = PIER.raw("PRI /x HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 ");
        String get = PIER.raw("GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(get).startsWith("HTTP/1.1 200").endsWith("ok\n");
    }

    @Test void closedDuringThePreface() throws Exception {
        try (Socket s = new Socket("127.0.0.1", PIER.port())) {
            s.getOutputStream().write(PREFACE, 0, 10);
            s.getOutputStream().flush();
        }
        // what was held is released (the leak detector watches) and the server goes on
        assertThat(PIER.raw("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    }
}
