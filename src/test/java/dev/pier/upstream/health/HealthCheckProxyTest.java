package dev.pier.upstream.health;

import static dev.pier.upstream.health.HealthFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pier.http.HttpConfig;
import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import dev.pier.upstream.Upstreams;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * health_check in a proxying location, end to end: the group of the location's proxy_pass is checked and the
 * balancer skips the peer the check refuses. Needs the upstream and proxy modules (upstream blocks, proxy_pass
 * to a group, balancers that ask the peers' guards); skipped while a configuration's upstream blocks are not
 * loaded.
 */
class HealthCheckProxyTest {
    private static OriginServer a;
    private static OriginServer b;
    private static PierTestServer pier;

    @BeforeAll static void start() throws Exception {
        assumeTrue(!HealthFixtures.load("upstream probe { server 127.0.0.1:1; }").part(HttpConfig.class).settings()
                .get(Upstreams.GROUPS).isEmpty(), "upstream blocks are not loaded in this build");
        a = OriginServer.start("a");
        b = OriginServer.start("b");
        pier = PierTestServer.withConfig("""
                upstream backend { server %s; server %s; }
                match from_a { status 200; header X-Origin = a; }
                server {
                    listen 127.0.0.1:0;
                    location / {
                        proxy_pass http://backend;
                        health_check interval=200ms uri=/status/200 match=from_a;
                    }
                }
                """.formatted(a.address(), b.address()));
        pier.start();
    }

    @AfterAll static void stop() {
        if (pier != null) {
            pier.stop();
        }
        if (a != null) {
            a.close();
            b.close();
        }
    }

    @Test void thePeerTheCheckRefusesGetsNoRequests() throws Exception {
        HealthChecks checks = HealthChecks.of(pier.server().config());
        await("b is unhealthy", Duration.ofSeconds(10), () -> checks.peers().stream()
                .anyMatch(p -> p.peer().equals(b.address()) && p.state() == PeerHealth.State.UNHEALTHY));
        assertThat(checks.peers()).extracting(PeerStatus::upstream).containsOnly("backend");
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = pier.get("/echo/" + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Origin")).contains("a");
        }
    }

    @Test void aHealthCheckOnAGroupLoadsAndOnAHostDoesNot() throws Exception {
        String group = "upstream backend { server 127.0.0.1:1; }\n";
        HealthFixtures.load(group + "server { location / { proxy_pass http://backend; health_check; } }");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HealthFixtures.load(group
                + "server { location / { proxy_pass http://127.0.0.1:8080; health_check; } }"))
                .hasMessageContaining("\"health_check\" requires \"proxy_pass\" to an upstream group");
    }
}
