package dev.pier.http.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code http2_body_preread_size 0}: a client may send nothing before the body is read, so the stream's window
 * is opened when a handler starts reading it (as nginx does in ngx_http_v2_read_request_body); a body nobody
 * reads does not hold the answer up.
 */
class Http2PrereadTest {
    static final OriginServer ORIGIN = OriginServer.start("preread");

    @RegisterExtension static final PierTestServer PIER = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0 http2;
                http2_body_preread_size 0;
                location /api/ { proxy_pass http://%s/; }
                location / { return 200 "ok\\n"; }
            }
            """.formatted(ORIGIN.address()));

    @AfterAll static void stopOrigin() { ORIGIN.close(); }

    /** The client cannot send a byte (window 0) and nobody reads: answered, then RST_STREAM NO_ERROR for the rest. */
    @Test void aBodyNobodyReadsDoesNotHoldTheAnswer() {
        try (RawH2 c = new RawH2(PIER.port()).preface()) {
            var h = RawH2.get("/");
            h.method("POST");
            c.headers(1, h, false);
            RawH2.Frame head = c.await(RawH2.HEADERS, 3000);
            assertThat(head).isNotNull();
            assertThat(head.status()).isEqualTo("200");
            RawH2.Frame rst = c.await(RawH2.RST_STREAM, 3000);
            assertThat(rst).isNotNull();
            assertThat(rst.errorCode()).isZero();
        }
    }

    @Test void aBodyIsReadThroughAClosedInitialWindow() throws Exception {
        Path body = Files.createTempFile("preread", ".bin");
        try {
            Files.write(body, new byte[300_000]);
            var a = Curl.h2("--data-binary", "@" + body, "http://127.0.0.1:" + PIER.port() + "/api/respond?status=201&body=got");
            assertThat(a.status()).isEqualTo(201);
            assertThat(a.body()).isEqualTo("got");
            assertThat(ORIGIN.received().get(ORIGIN.received().size() - 1).bodyLength()).isEqualTo(300_000);
        } finally {
            Files.deleteIfExists(body);
        }
    }
}
