package dev.pier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.ContentHandler;
import dev.pier.http.HttpConfig;
import dev.pier.http.HttpExchange;
import dev.pier.http.LocationPlan;
import dev.pier.testing.PierTestServer;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connection around content handlers that answer late or fail: pipelined answers keep their order when
 * the first completes asynchronously; an exception before anything is sent is a 500, after the head a cut.
 * The handlers are set into the loaded configuration's locations, as a module's install would.
 */
class HandlerBehaviourTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                location = /ping { return 200 "pong"; }
                location = /late { return 204; }
                location = /throws { return 204; }
                location = /throws-after-head { return 204; }
                location = /read { client_max_body_size 10; client_body_timeout 300ms; return 204; }
            }
            """);

    @BeforeAll static void installHandlers() {
        handle("/late", ex -> ex.channelContext().executor().schedule(
                () -> ex.sendText(200, "late", "text/plain"), 300, TimeUnit.MILLISECONDS));
        handle("/read", ex -> ex.readBody(new dev.pier.http.RequestBodyReader() {
            private final StringBuilder text = new StringBuilder();

            @Override public void content(io.netty.buffer.ByteBuf part) {
                text.append(part.toString(StandardCharsets.ISO_8859_1));
                part.release();
            }

            @Override public void end() { ex.sendText(200, "read " + text, "text/plain"); }

            @Override public void failed(int status) { }
        }));
        handle("/throws", ex -> {
            throw new IllegalStateException("handler failed");
        });
        handle("/throws-after-head", ex -> {
            var head = ex.newResponse(200);
            head.headers().set("Content-Length", 100);
            ex.writeHead(head);
            ex.writeBody(Unpooled.copiedBuffer("partial", StandardCharsets.US_ASCII));
            throw new IllegalStateException("handler failed after the head");
        });
    }

    private static void handle(String uri, ContentHandler handler) {
        HttpConfig http = pier.server().config().part(HttpConfig.class);
        http.servers().get(0).locations().find(uri).location().plan(LocationPlan.builder().contentIfUnset(handler).build());
    }

    @Test void anAsynchronousAnswerKeepsItsPlaceInThePipeline() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("GET /late HTTP/1.1\r\nHost: a\r\n\r\nGET /ping HTTP/1.1\r\nHost: a\r\n\r\nGET /late HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("late");
            assertThat(c.read().body()).isEqualTo("pong");
            assertThat(c.read().body()).isEqualTo("late");
        }
    }

    @Test void anExceptionBeforeTheResponseIs500AndClose() {
        try (RawConnection c = new RawConnection(pier.port())) {
            RawConnection.Response r = c.send("GET /throws HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
        assertThat(pier.get("/ping").body()).isEqualTo("pong");
    }

    @Test void anExceptionAfterTheHeadCutsTheConnection() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("GET /throws-after-head HTTP/1.1\r\nHost: a\r\n\r\n");
            long received = c.drain(2000);
            assertThat(received).isGreaterThan(0);
            assertThat(c.closedWithin(100)).isTrue();
        }
        assertThat(pier.get("/ping").body()).isEqualTo("pong");
    }

    @Test void aReaderGetsTheBodyThatCameWithTheHead() {
        try (RawConnection c = new RawConnection(pier.port())) {
            RawConnection.Response r = c.send("POST /read HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nabcde").read();
            assertThat(r.body()).isEqualTo("read abcde");
            assertThat(c.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n").read().body()).isEqualTo("pong");
        }
    }

    @Test void aReaderGetsABodySentInPartsAndChunked() throws InterruptedException {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /read HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
            Thread.sleep(50);
            c.send("3\r\nabc\r\n");
            Thread.sleep(50);
            c.send("2\r\nde\r\n0\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("read abcde");
        }
    }

    @Test void aChunkedBodyGrowingPastTheLimitWhileReadIs413() throws InterruptedException {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /read HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n8\r\nabcdefgh\r\n");
            Thread.sleep(50);
            RawConnection.Response r = c.send("8\r\nabcdefgh\r\n").read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Connection")).isEqualTo("close");
        }
    }

    @Test void continueIsSentWhenReadingBegins() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /read HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            assertThat(c.send("abcde").read().body()).isEqualTo("read abcde");
        }
    }

    @Test void clientBodyTimeoutClosesWithoutAResponse() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /read HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\nabc");
            // nginx sends nothing: the 408 is for its access log
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }
}
