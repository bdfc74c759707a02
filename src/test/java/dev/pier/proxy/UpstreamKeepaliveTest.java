package dev.pier.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.net.http.HttpResponse;
import dev.pier.Modules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * Idle upstream connections are reused per event loop: the nginx idiom (proxy_http_version 1.1 and an
 * upstream group with keepalive) opens a handful of connections for hundreds of requests; a connection the
 * upstream closed while idle is noticed and the request goes out on a fresh one.
 */
class UpstreamKeepaliveTest {
    static final OriginServer origin = OriginServer.start("k1");
    static final OriginServer plain = OriginServer.start("k2");

    static final String CONFIG = """
            upstream pool { server %1$s; keepalive 4; keepalive_requests 50; }
            server {
                listen 127.0.0.1:0;
                location /pooled/ { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://pool/; }
                location /closing/ { proxy_http_version 1.1; proxy_pass http://pool/; }
                location /plain/ { proxy_pass http://%2$s/; }
            }
            """.formatted(origin.address(), plain.address());

    static PierTestServer pier;
    static boolean upstreamBlocks;

    @BeforeAll static void start(@TempDir Path dir) throws Exception {
        // the upstream block may still be a directive this build accepts with a warning and ignores
        Path probe = dir.resolve("probe.conf");
        Files.writeString(probe, "events {}\nhttp { upstream u { server 127.0.0.1:1; } }\n");
        upstreamBlocks = Modules.load(dir, probe, null).warnings().stream().noneMatch(w -> w.startsWith("\"upstream\""));
        pier = PierTestServer.withConfig(upstreamBlocks ? CONFIG : CONFIG.replaceAll("upstream pool.*\n", "")
                .replaceAll("location /(pooled|closing)/.*\n", ""));
        pier.start();
    }

    @AfterAll static void stop() {
        pier.stop();
        origin.close();
        plain.close();
    }

    private static void assumeUpstreamBlocks() {
        assumeTrue(upstreamBlocks, "upstream blocks are not implemented in this build");
    }

    @Test void sequentialRequestsReuseAFewConnections() {
        assumeUpstreamBlocks();
        int before = origin.connectionsOpened();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = pier.get("/pooled/n" + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"uri\":\"/n" + i + "\"").contains("\"version\":\"HTTP/1.1\"");
        }
        // keepalive_requests 50 retires a connection after 50 requests: 200 requests need 4, plus a few for spread
        assertThat(origin.connectionsOpened() - before).isLessThanOrEqualTo(8);
    }

    @Test void withoutKeepaliveEachRequestOpensAConnection() {
        int before = plain.connectionsOpened();
        for (int i = 0; i < 20; i++) {
            assertThat(pier.get("/plain/x").statusCode()).isEqualTo(200);
        }
        assertThat(plain.connectionsOpened() - before).isEqualTo(20);
    }

    @Test void anIdleConnectionTheUpstreamClosedIsReplaced() throws Exception {
        assumeUpstreamBlocks();
        assertThat(pier.get("/pooled/a").statusCode()).isEqualTo(200);
        origin.closeConnections();
        Thread.sleep(100);
        for (int i = 0; i < 5; i++) {
            assertThat(pier.get("/pooled/b").statusCode()).isEqualTo(200);
        }
    }
}
