package dev.pier.http.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An HTTP/2 connection's own timers (client_header_timeout before the first stream, keepalive_timeout when
 * idle), a graceful stop, and a request body without a length streamed to a backend.
 */
class Http2ConnectionTest {
    static final OriginServer ORIGIN = OriginServer.start("body");

    @RegisterExtension static final PierTestServer PIER = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0 http2;
                client_header_timeout 1s;
                keepalive_timeout 1s;
                location / { return 200 "ok\\n"; }
                location /api/ { proxy_pass http://%s/; }
            }
            """.formatted(ORIGIN.address()));

    @AfterAll static void stopOrigin() { ORIGIN.close(); }

    /** What the server announces: nginx's streams and stream window, the header list limit, and a wider connection window. */
    @Test void settingsAndConnectionWindow() {
        try (RawH2 c = new RawH2(PIER.port()).preface()) {
            var frames = c.readUntilQuiet(300);
            RawH2.Frame settings = frames.stream().filter(f -> f.type() == RawH2.SETTINGS && f.flags() == 0).findFirst().orElseThrow();
            java.util.Map<Integer, Long> values = new java.util.HashMap<>();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(settings.payload());
            while (b.remaining() >= 6) {
                values.put((int) b.getShort(), b.getInt() & 0xffffffffL);
            }
            assertThat(values).containsEntry(3, 128L).containsEntry(4, 65536L).containsEntry(6, 32768L);
            RawH2.Frame window = frames.stream().filter(f -> f.type() == RawH2.WINDOW_UPDATE && f.stream() == 0).findFirst().orElseThrow();
            // room for 128 streams' preread (Netty rounds what it announces by a few bytes)
            assertThat(java.nio.ByteBuffer.wrap(window.payload()).getInt()).isBetween(65536 * 128 - 65535, 65536 * 128);
        }
    }

    /** :authority and a Host field both: nginx 1.22 answers 400 (a duplicate Host), and so does Pier. */
    @Test void authorityAndHostIsADuplicateHost() {
        try (RawH2 c = new RawH2(PIER.port()).preface()) {
            var h = RawH2.get("/");
            h.add("host", "other.test");
            c.headers(1, h, true);
            RawH2.Frame head = c.await(RawH2.HEADERS, 3000);
            assertThat(head).isNotNull();
            assertThat(head.status()).isEqualTo("400");
        }
    }

    @Test void noStreamWithinClientHeaderTimeout() {
        try (RawH2 c = new RawH2(PIER.port()).preface()) {
            RawH2.Frame goAway = c.await(RawH2.GOAWAY, 4000);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).isZero();
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test void idleConnectionClosesAfterKeepaliveTimeout() {
        try (RawH2 c = new RawH2(PIER.port()).preface()) {
            c.headers(1, RawH2.get("/"), true);
            assertThat(c.await(RawH2.HEADERS, 3000)).isNotNull();
            long start = System.nanoTime();
            RawH2.Frame goAway = c.await(RawH2.GOAWAY, 4000);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).isZero();
            assertThat(goAway.lastStreamId()).isEqualTo(1);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThan(500);
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test void bodyWithoutLengthIsStreamedToTheBackend() {
        try (RawH2 c = new RawH2(PIER.port()).preface()) {
            var h = RawH2.get("/api/echo");
            h.method("POST");
            int before = ORIGIN.received().size();
            c.headers(1, h, false).data(1, new byte[30_000], false).data(1, new byte[20_000], false).data(1, new byte[5], true);
            RawH2.Frame head = c.await(RawH2.HEADERS, 5000);
            assertThat(head).isNotNull();
            assertThat(head.stream()).isEqualTo(1);
            long deadline = System.currentTimeMillis() + 3000;
            while (ORIGIN.received().size() == before && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            var got = ORIGIN.received().get(ORIGIN.received().size() - 1);
            assertThat(got.method()).isEqualTo("POST");
            assertThat(got.bodyLength()).isEqualTo(50_005);
        }
    }

    @Test void gracefulStopSendsGoAwayAndLetsTheStreamFinish() throws Exception {
        PierTestServer own = PierTestServer.withConfig("""
                server { listen 127.0.0.1:0 http2; location / { proxy_pass http://%s; } }
                """.formatted(ORIGIN.address()));
        own.start();
        try (RawH2 c = new RawH2(own.port()).preface()) {
            c.headers(1, RawH2.get("/sleep/600"), true);
            Thread.sleep(150);
            own.server().stopAccepting();
            RawH2.Frame goAway = c.await(RawH2.GOAWAY, 3000);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).isZero();
            var frames = c.readUntilQuiet(3000);
            assertThat(frames).anyMatch(f -> f.type() == RawH2.HEADERS && f.stream() == 1);
            assertThat(c.closedWithin(3000)).isTrue();
        } finally {
            own.stop();
        }
    }
}
