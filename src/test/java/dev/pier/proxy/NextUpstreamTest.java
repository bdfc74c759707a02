package dev.pier.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pier.Modules;
import dev.pier.testing.NginxOracle;
import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * proxy_next_upstream with two real backends and a refused port: the next peer is tried after an error or a
 * listed status, never for POST unless non_idempotent, within proxy_next_upstream_tries. The refused peer has
 * max_fails=0, so passive health never takes it out and round robin keeps choosing it first in turn. Needs upstream
 * blocks; skipped in a build where {@code upstream} is still only accepted with a warning.
 */
class NextUpstreamTest {
    static final OriginServer a = OriginServer.start("na");
    static final OriginServer b = OriginServer.start("nb");
    static final int refused = NginxOracle.freePort();

    static final String CONFIG = """
            upstream withdead { server 127.0.0.1:%3$d max_fails=0; server %1$s; }
            upstream deadonce { server 127.0.0.1:%3$d max_fails=0; server %1$s; }
            upstream deadoff { server 127.0.0.1:%3$d max_fails=0; server %1$s; }
            upstream two { server %1$s; server %2$s; }
            server {
                listen 127.0.0.1:0;
                add_header X-Up $upstream_addr always;
                add_header X-Status $upstream_status always;
                location /dead/ { proxy_pass http://withdead/; }
                location /deadpost/ { proxy_next_upstream error non_idempotent; proxy_pass http://withdead/; }
                location /once/ { proxy_next_upstream_tries 1; proxy_pass http://deadonce/; }
                location /off/ { proxy_next_upstream off; proxy_pass http://deadoff/; }
                location /s503/ { proxy_next_upstream http_503; proxy_pass http://two/; }
                location /s404/ { proxy_next_upstream http_404; proxy_pass http://two/; }
            }
            """.formatted(a.address(), b.address(), refused);

    static PierTestServer pier;
    static boolean upstreamBlocks;

    @BeforeAll static void start(@TempDir Path dir) throws Exception {
        Path probe = dir.resolve("probe.conf");
        Files.writeString(probe, "events {}\nhttp { upstream u { server 127.0.0.1:1; } }\n");
        upstreamBlocks = Modules.load(dir, probe, null).warnings().stream().noneMatch(w -> w.startsWith("\"upstream\""));
        if (upstreamBlocks) {
            pier = PierTestServer.withConfig(CONFIG);
            pier.start();
        }
    }

    @AfterAll static void stop() {
        if (pier != null) {
            pier.stop();
        }
        a.close();
        b.close();
    }

    @BeforeEach void needsUpstreamBlocks() {
        assumeTrue(upstreamBlocks, "upstream blocks are not implemented in this build");
    }

    @Test void aRefusedPeerIsSkippedForEveryRequest() {
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = pier.get("/dead/x");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Origin")).hasValue("na");
            assertThat(r.headers().firstValue("X-Up").orElseThrow()).endsWith(a.address());
        }
    }

    @Test void postIsNotSentTwiceUnlessNonIdempotent() {
        int failed = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = pier.send(pier.request("/dead/x").POST(HttpRequest.BodyPublishers.ofString("body")).build());
            failed += r.statusCode() == 502 ? 1 : 0;
            HttpResponse<String> ok = pier.send(pier.request("/deadpost/x").POST(HttpRequest.BodyPublishers.ofString("body")).build());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"bodyLength\":4");
        }
        assertThat(failed).isGreaterThan(0);
    }

    @Test void triesAndOffLimitTheAttempts() {
        int once = 0;
        int off = 0;
        for (int i = 0; i < 6; i++) {
            once += pier.get("/once/x").statusCode() == 502 ? 1 : 0;
            off += pier.get("/off/x").statusCode() == 502 ? 1 : 0;
        }
        assertThat(once).isGreaterThan(0);
        assertThat(off).isGreaterThan(0);
    }

    @Test void aListedStatusTriesTheOtherPeerAndTheLastAnswerIsPassed() {
        HttpResponse<String> r = pier.get("/s503/status/503");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("status 503");
        assertThat(r.headers().firstValue("X-Up").orElseThrow()).contains(", ");
        assertThat(r.headers().firstValue("X-Status")).hasValue("503, 503");
        HttpResponse<String> ok = pier.get("/s404/x");
        assertThat(ok.headers().firstValue("X-Status")).hasValue("200");
    }
}
