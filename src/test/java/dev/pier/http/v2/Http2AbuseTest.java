package dev.pier.http.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The known HTTP/2 abuse patterns, driven with raw frames: each is bounded (the work or bytes the server
 * takes before it acts) and ends with the connection closed and the GOAWAY error code nginx or Netty's
 * protections send; a stalled stream is reset after send_timeout. The stream and connection limits are here too.
 */
class Http2AbuseTest {
    static final long PROTOCOL_ERROR = 0x1, REFUSED_STREAM = 0x7, ENHANCE_YOUR_CALM = 0xb, NO_ERROR = 0x0;
    static final OriginServer ORIGIN = OriginServer.start("hang");

    @RegisterExtension static final PierTestServer PIER = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0 http2;
                root html;
                send_timeout 1s;
                client_max_body_size 1k;
                location / { return 200 "ok\\n"; }
                location /upload { proxy_pass http://%1$s; }
            }
            """.formatted(ORIGIN.address()), prefix -> {
        try {
            Files.write(prefix.resolve("html/big.bin"), new byte[2 * 1024 * 1024]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    /** The 1.25.1 syntax ({@code http2 on} in the default server) and tight limits. */
    @RegisterExtension static final PierTestServer LIMITED = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                http2 on;
                http2_max_concurrent_streams 2;
                keepalive_requests 2;
                location / { return 200 "ok\\n"; }
                location /hang { proxy_pass http://%1$s; proxy_read_timeout 30s; }
            }
            """.formatted(ORIGIN.address()));

    @AfterAll static void stopOrigin() { ORIGIN.close(); }

    /** CVE-2023-44487: HEADERS then RST_STREAM, over and over; past 200 resets in the window: GOAWAY ENHANCE_YOUR_CALM. */
    @Test void rapidResetEndsTheConnection() {
        try (RawH2 c = new RawH2(PIER.port(0)).preface()) {
            int sent = 0;
            for (int stream = 1; stream < 2 * 5000 && c.trySend(() -> { }); stream += 2) {
                final int s = stream;
                if (!c.trySend(() -> c.headers(s, RawH2.get("/"), true).rst(s, 0x8))) {
                    break;
                }
                sent++;
            }
            RawH2.Frame goAway = c.await(RawH2.GOAWAY, 5000);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
            assertThat(c.closedWithin(3000)).isTrue();
            assertThat(sent).isGreaterThan(200);
        }
    }

    /** Endless CONTINUATION frames of a header block: it is bounded (1.25 × the header limit), then GOAWAY and close. */
    @Test void continuationFloodIsBounded() {
        try (RawH2 c = new RawH2(PIER.port(0)).preface()) {
            byte[] block = new byte[16_000];
            Arrays.fill(block, (byte) 'a');
            c.frame(RawH2.HEADERS, 0, 1, new byte[] {(byte) 0x82});
            RawH2.Frame goAway = null;
            for (int i = 0; i < 2000 && goAway == null; i++) {
                if (!c.trySend(() -> c.frame(RawH2.CONTINUATION, 0, 1, block))) {
                    break;
                }
                if (i % 4 == 3) {
                    goAway = c.await(RawH2.GOAWAY, 1);
                }
            }
            if (goAway == null) {
                goAway = c.await(RawH2.GOAWAY, 5000);
            }
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).isEqualTo(PROTOCOL_ERROR);
            assertThat(c.closedWithin(3000)).isTrue();
            // 32 KiB of header limit: the server gave up long before the client's 32 MB
            assertThat(c.bytesSent()).isLessThan(2L * 1024 * 1024);
        }
    }

    /** Many tiny CONTINUATION frames (the costly kind for the server): GOAWAY ENHANCE_YOUR_CALM after a few. */
    @Test void smallContinuationFramesAreRefused() {
        try (RawH2 c = new RawH2(PIER.port(0)).preface()) {
            c.frame(RawH2.HEADERS, 0, 1, new byte[] {(byte) 0x82});
            for (int i = 0; i < 1000; i++) {
                if (!c.trySend(() -> c.frame(RawH2.CONTINUATION, 0, 1, new byte[] {(byte) 0x84}))) {
                    break;
                }
            }
            RawH2.Frame goAway = c.await(RawH2.GOAWAY, 5000);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    /**
     * HPACK bomb: one 4000-byte field in the dynamic table, then thousands of one-byte references to it (megabytes
     * once decoded): refused as nginx refuses a too large header, GOAWAY ENHANCE_YOUR_CALM, nothing built.
     */
    @Test void hpackBombIsRefused() {
        try (RawH2 c = new RawH2(PIER.port(0)).preface()) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84});   // :method GET, :scheme http, :path /
            b.write(0x40);   // literal with incremental indexing, new name
            b.writeBytes(RawH2.hpackInt(0, 7, 6));
            b.writeBytes("x-bomb".getBytes());
            b.writeBytes(RawH2.hpackInt(0, 7, 4000));
            byte[] value = new byte[4000];
            Arrays.fill(value, (byte) 'b');
            b.writeBytes(value);
            for (int i = 0; i < 8000; i++) {
                b.write(0x80 | 62);   // the dynamic table's first entry
            }
            byte[] block = b.toByteArray();
            assertThat(block.length).isLessThan(16_384);
            c.frame(RawH2.HEADERS, 0x1 | 0x4, 1, block);   // END_STREAM, END_HEADERS: 12 KB that decode to 32 MB
            RawH2.Frame goAway = c.await(RawH2.GOAWAY, 5000);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    /** A header list past large_client_header_buffers (4 × 8k): nginx's "client sent too large header", GOAWAY ENHANCE_YOUR_CALM. */
    @Test void tooLargeHeaderListIsAConnectionError() {
        try (RawH2 c = new RawH2(PIER.port(0)).preface()) {
            var h = RawH2.get("/");
            String v = "v".repeat(7000);
            for (int i = 0; i < 5; i++) {
                h.add("x-" + i, v);
            }
            c.headers(1, h, true);
            RawH2.Frame goAway = c.await(RawH2.GOAWAY, 5000);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
            assertThat(c.closedWithin(3000)).isTrue();
        }
        // a list under the limit is served
        try (RawH2 c = new RawH2(PIER.port(0)).preface()) {
            var h = RawH2.get("/");
            h.add("x-1", "v".repeat(7000));
            c.headers(1, h, true);
            RawH2.Frame head = c.await(RawH2.HEADERS, 5000);
            assertThat(head).isNotNull();
            assertThat(head.stream()).isEqualTo(1);
        }
    }

    /**
     * SETTINGS frames whose ACKs the client never reads: once the connection's output backs up, a thousand more
     * are taken, then the connection is cut ("http2 flood detected"); Netty's limit of 10,000 queued control
     * frames stands behind that.
     */
    @Test void settingsFloodIsBounded() {
        try (RawH2 c = new RawH2(PIER.port(0), 4096).preface()) {
            boolean cut = false;
            for (int i = 0; i < 300 && !cut; i++) {
                cut = !c.trySend(() -> c.repeat(RawH2.SETTINGS, 0, 0, new byte[0], 10_000));
            }
            // cut by the server long before the client's 3 million frames (27 MB)
            assertThat(cut || c.closedWithin(5000)).isTrue();
            assertThat(c.bytesSent()).isLessThan(12L * 1024 * 1024);
        }
    }

    /** PING frames whose ACKs the client never reads: bounded the same way. */
    @Test void pingFloodIsBounded() {
        try (RawH2 c = new RawH2(PIER.port(0), 4096).preface()) {
            boolean cut = false;
            for (int i = 0; i < 200 && !cut; i++) {
                cut = !c.trySend(() -> c.repeat(RawH2.PING, 0, 0, new byte[8], 10_000));
            }
            assertThat(cut || c.closedWithin(5000)).isTrue();
            assertThat(c.bytesSent()).isLessThan(12L * 1024 * 1024);
        }
    }

    /** A client that never opens its window: the response cannot move, and send_timeout resets the stream. */
    @Test void zeroWindowStallIsResetAfterSendTimeout() {
        try (RawH2 c = new RawH2(PIER.port(0)).preface(new Http2Settings().initialWindowSize(0))) {
            c.headers(1, RawH2.get("/big.bin"), true);
            RawH2.Frame head = c.await(RawH2.HEADERS, 3000);
            assertThat(head).isNotNull();
            long started = System.nanoTime();
            RawH2.Frame rst = c.await(RawH2.RST_STREAM, 6000);
            assertThat(rst).isNotNull();
            assertThat(rst.stream()).isEqualTo(1);
            assertThat(rst.errorCode()).isEqualTo(PROTOCOL_ERROR);
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(500);
            // the connection itself goes on
            c.headers(3, RawH2.get("/"), true);
            RawH2.Frame next = c.await(RawH2.HEADERS, 3000);
            assertThat(next).isNotNull();
            assertThat(next.stream()).isEqualTo(3);
        }
    }

    /** Past http2_max_concurrent_streams a new stream is refused (RST_STREAM REFUSED_STREAM), the others go on. */
    @Test void streamsPastTheLimitAreRefused() {
        try (RawH2 c = new RawH2(LIMITED.port()).preface()) {
            c.headers(1, RawH2.get("/hang"), true).headers(3, RawH2.get("/hang"), true).headers(5, RawH2.get("/"), true);
            RawH2.Frame rst = c.await(RawH2.RST_STREAM, 5000);
            assertThat(rst).isNotNull();
            assertThat(rst.stream()).isEqualTo(5);
            assertThat(rst.errorCode()).isEqualTo(REFUSED_STREAM);
        }
    }

    /** keepalive_requests: the last request is answered, with GOAWAY NO_ERROR naming it, as nginx 1.22 does. */
    @Test void keepaliveRequestsSendsGoAway() {
        try (RawH2 c = new RawH2(LIMITED.port()).preface()) {
            c.headers(1, RawH2.get("/"), true);
            assertThat(c.await(RawH2.HEADERS, 3000)).isNotNull();
            c.headers(3, RawH2.get("/"), true);
            var frames = c.readUntilQuiet(1500);
            assertThat(frames).anyMatch(f -> f.type() == RawH2.HEADERS && f.stream() == 3);
            RawH2.Frame goAway = frames.stream().filter(f -> f.type() == RawH2.GOAWAY).findFirst().orElseThrow();
            assertThat(goAway.errorCode()).isEqualTo(NO_ERROR);
            assertThat(goAway.lastStreamId()).isEqualTo(3);
        }
    }

    /** A body past client_max_body_size without a length: 413 on the stream, the rest of the body not read. */
    @Test void bodyPastTheLimitIs413() {
        try (RawH2 c = new RawH2(PIER.port(0)).preface()) {
            var h = RawH2.get("/upload");
            h.method("POST");
            c.headers(1, h, false).data(1, new byte[800], false).data(1, new byte[800], false);
            RawH2.Frame head = c.await(RawH2.HEADERS, 3000);
            assertThat(head).isNotNull();
            assertThat(head.status()).isEqualTo("413");
            // the answer is complete and the rest of the body unwanted: RST_STREAM NO_ERROR (RFC 9113 §8.1)
            RawH2.Frame rst = c.await(RawH2.RST_STREAM, 3000);
            assertThat(rst).isNotNull();
            assertThat(rst.stream()).isEqualTo(1);
            assertThat(rst.errorCode()).isEqualTo(NO_ERROR);
            // the connection is not held by the refused stream
            c.headers(3, RawH2.get("/"), true);
            assertThat(c.await(RawH2.HEADERS, 3000)).isNotNull();
        }
    }
}
