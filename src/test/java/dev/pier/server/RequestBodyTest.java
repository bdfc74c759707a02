package dev.pier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Request bodies no handler reads, client_max_body_size, Expect: 100-continue, lingering close; as nginx 1.22 answers. */
class RequestBodyTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            client_max_body_size 10;
            lingering_timeout 300ms;
            lingering_time 3s;
            server {
                listen 127.0.0.1:0;
                location = /ping { return 200 "pong"; }
                location = /off { lingering_close off; return 200 "off"; }
            }
            """);

    @Test void discardedBodyLeavesTheConnectionReusable() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /ping HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nabcde");
            assertThat(c.read().header("Connection")).isEqualTo("keep-alive");
            assertThat(c.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n").read().body()).isEqualTo("pong");
        }
    }

    @Test void bodyArrivingAfterTheResponseIsStillDiscarded() throws InterruptedException {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /ping HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\nabc");
            assertThat(c.read().body()).isEqualTo("pong");
            Thread.sleep(100);
            c.send("defgh");
            assertThat(c.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n").read().body()).isEqualTo("pong");
        }
    }

    @Test void aBodyThatStallsAfterTheResponseIsDroppedAfterLingeringTimeout() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /ping HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\nabc");
            assertThat(c.read().body()).isEqualTo("pong");
            assertThat(c.closedWithin(2500)).isTrue();
        }
    }

    @Test void chunkedBodyLargerThanTheLimitIsDiscardedNotRefused() {
        // nginx 1.22 checks client_max_body_size for chunked bodies only when it reads them, not when it discards them
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /ping HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n14\r\n" + "x".repeat(20) + "\r\n0\r\n\r\n"
                    + "GET /ping HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().body()).isEqualTo("pong");
        }
    }

    @Test void contentLengthOverTheLimitIs413AndCloses() {
        try (RawConnection c = new RawConnection(pier.port())) {
            RawConnection.Response r = c.send("POST /ping HTTP/1.1\r\nHost: a\r\nContent-Length: 50\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2500)).isTrue();
        }
    }

    @Test void expectContinueIsAnsweredBeforeTheResponse() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /ping HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            assertThat(c.read().body()).isEqualTo("pong");
            c.send("abcde");
            assertThat(c.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n").read().body()).isEqualTo("pong");
        }
    }

    @Test void noContinueFor413() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /ping HTTP/1.1\r\nHost: a\r\nContent-Length: 50\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(413);
        }
    }

    @Test void noContinueWithoutABody() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("GET /ping HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @Test void noContinueForHttp10() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /ping HTTP/1.0\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nabcde");
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @Test void lingeringCloseLetsTheClientReadThe413WhileItIsStillSending() throws Exception {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /ping HTTP/1.1\r\nHost: a\r\nContent-Length: 8000000\r\n\r\n");
            OutputStream out = c.socket().getOutputStream();
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    byte[] chunk = new byte[64 * 1024];
                    for (int sent = 0; sent < 4_000_000; sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the server may close once lingering is over
                }
            });
            RawConnection.Response r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).contains("413 Request Entity Too Large").endsWith("</html>\r\n");
            upload.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test void invalidChunkBeforeTheResponseIs400AndCloses() {
        try (RawConnection c = new RawConnection(pier.port())) {
            RawConnection.Response r = c.send("POST /ping HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test void invalidChunkAfterTheResponseCloses() throws InterruptedException {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /ping HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("pong");
            c.send("zz\r\n");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test void manyPipelinedRequestsInOnePacketAreAllAnsweredInOrder() {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            requests.append(i % 2 == 0 ? "GET /ping HTTP/1.1\r\nHost: a\r\n\r\n" : "GET /off HTTP/1.1\r\nHost: a\r\n\r\n");
        }
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send(requests.toString());
            for (int i = 0; i < 400; i++) {
                assertThat(c.read().body()).isEqualTo(i % 2 == 0 ? "pong" : "off");
            }
        }
    }

    @Test void aRequestTheDecoderRejectsIs400AndCloses() {
        try (RawConnection c = new RawConnection(pier.port())) {
            RawConnection.Response r = c.send("GET /ping HTTP/1.1\r\nHost: a\r\nX-Long: " + "x".repeat(40_000) + "\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }
}
