package dev.pier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.ContentHandler;
import dev.pier.http.HttpConfig;
import dev.pier.http.HttpExchange;
import dev.pier.http.LocationPlan;
import dev.pier.http.RequestBodyReader;
import dev.pier.testing.PierTestServer;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PierServer#stopAccepting()}, the first half of a graceful quit: the listeners close, connections
 * idle between keep-alive requests close at once, a request in flight (or the first request of a connection
 * accepted but not yet used, as nginx 1.22 serves it) is answered with keep-alive off, so the client knows,
 * and its connection closes after the answer; {@link PierServer#openConnections()} then falls to zero.
 */
class GracefulStopTest {
    private PierTestServer pier;

    @BeforeEach void start() throws Exception {
        pier = PierTestServer.withConfig("""
                server {
                    listen 127.0.0.1:0;
                    location = /ping { return 200 "pong"; }
                    location = /upload { return 204; }
                    location = /late { return 204; }
                }
                """);
        pier.start();
        handle("/upload", ex -> ex.readBody(new RequestBodyReader() {
            private final StringBuilder text = new StringBuilder();

            @Override public void content(ByteBuf part) {
                text.append(part.toString(StandardCharsets.ISO_8859_1));
                part.release();
            }

            @Override public void end() { ex.sendText(200, "got " + text, "text/plain"); }

            @Override public void failed(int status) { }
        }));
        handle("/late", ex -> ex.channelContext().executor().schedule(
                () -> ex.sendText(200, "late", "text/plain"), 300, TimeUnit.MILLISECONDS));
    }

    @AfterEach void stop() {
        pier.stop();
    }

    private void handle(String uri, ContentHandler handler) {
        HttpConfig http = pier.server().config().part(HttpConfig.class);
        http.servers().get(0).locations().find(uri).location().plan(LocationPlan.builder().contentIfUnset(handler).build());
    }

    private void awaitNoConnections() throws InterruptedException {
        for (int i = 0; i < 250 && pier.server().openConnections() > 0; i++) {
            Thread.sleep(20);
        }
        assertThat(pier.server().openConnections()).isZero();
    }

    @Test void idleConnectionsCloseAndAnUploadInProgressIsAnsweredWithConnectionClose() throws InterruptedException {
        int port = pier.port();
        try (RawConnection idle = new RawConnection(port); RawConnection fresh = new RawConnection(port);
             RawConnection upload = new RawConnection(port)) {
            assertThat(idle.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n").read().header("Connection")).isEqualTo("keep-alive");
            upload.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345");
            for (int i = 0; i < 250 && pier.server().openConnections() < 3; i++) {
                Thread.sleep(20);
            }
            assertThat(pier.server().openConnections()).as("all three accepted").isEqualTo(3);
            Thread.sleep(50);   // the upload's head reaches its handler

            pier.server().stopAccepting();
            assertThat(idle.closedWithin(2000)).as("idle keep-alive connection closed").isTrue();
            RawConnection.Response first = fresh.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertThat(first.body()).as("a connection accepted before the stop still gets its first request answered").isEqualTo("pong");
            assertThat(first.header("Connection")).isEqualTo("close");
            assertThat(fresh.closedWithin(2000)).isTrue();
            upload.send("67890");
            RawConnection.Response r = upload.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("got 1234567890");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(upload.closedWithin(2000)).isTrue();
        }
        awaitNoConnections();
        assertThat(pier.server().boundAddresses()).isNotEmpty();   // still listed, but no longer accepting
        assertThatRefused(port);
    }

    @Test void aResponseAlreadyOnItsWayEndsTheConnectionAfterIt() throws InterruptedException {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("GET /late HTTP/1.1\r\nHost: a\r\n\r\n");
            Thread.sleep(50);
            pier.server().stopAccepting();
            RawConnection.Response r = c.read();
            assertThat(r.body()).isEqualTo("late");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
        awaitNoConnections();
    }

    private static void assertThatRefused(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            throw new AssertionError("still accepting on " + port);
        } catch (java.io.IOException expected) {
            // refused: the listener is closed
        }
    }
}
