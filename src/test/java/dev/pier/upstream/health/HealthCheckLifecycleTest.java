package dev.pier.upstream.health;

import static dev.pier.upstream.health.HealthFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.config.PierConfig;
import dev.pier.server.PierServer;
import dev.pier.testing.OriginServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks run while their configuration is live: they start with the server, stop when a reload replaces the
 * configuration (the new one's start), and stop when the server closes. The checks are put into loaded
 * configurations by hand, as the health_check directive's load would put them.
 */
class HealthCheckLifecycleTest {
    private static final String SITE = "server { listen 127.0.0.1:0; location / { return 200 ok; } }";
    private final OriginServer first = OriginServer.start("first");
    private final OriginServer second = OriginServer.start("second");

    @AfterEach void stopOrigins() {
        first.close();
        second.close();
    }

    private static PierConfig withChecksOf(OriginServer origin) throws Exception {
        PierConfig config = HealthFixtures.load(SITE);
        HealthChecks checks = new HealthChecks();
        checks.add(HealthCheck.attach(TestUpstream.of("live", origin.port()),
                HealthCheckSpec.DEFAULTS.withInterval(50).withUri("/status/200"), null));
        config.parts().put(HealthChecks.class, checks);
        return config;
    }

    /** The origin's request count once it stops moving: stays the same over {@code quiet}. */
    private static void assertNoMoreProbes(OriginServer origin) throws InterruptedException {
        Thread.sleep(100);   // a probe already on the wire still arrives
        int settled = origin.requests();
        Thread.sleep(500);
        assertThat(origin.requests()).as("probes after stop").isEqualTo(settled);
    }

    @Test void checksStartWithTheServerMoveToTheReloadedConfigurationAndStopOnClose() throws Exception {
        PierConfig one = withChecksOf(first);
        PierServer server = new PierServer(one);
        try {
            Thread.sleep(200);
            assertThat(first.requests()).as("no probe before the configuration is live").isZero();
            server.start();
            await("probes of the first configuration", Duration.ofSeconds(10), () -> first.requests() >= 3);
            assertThat(HealthChecks.of(server.config()).peers()).hasSize(1);

            PierConfig two = withChecksOf(second);
            server.reload(two);
            assertNoMoreProbes(first);
            await("probes of the reloaded configuration", Duration.ofSeconds(10), () -> second.requests() >= 3);
            assertThat(HealthChecks.of(server.config()).peers().get(0).peer()).isEqualTo(second.address());

            server.close();
            assertNoMoreProbes(second);
        } finally {
            server.close();
        }
    }

    @Test void aReloadToAConfigurationWithoutChecksStopsThem() throws Exception {
        PierServer server = new PierServer(withChecksOf(first));
        try {
            server.start();
            await("probes", Duration.ofSeconds(10), () -> first.requests() >= 2);
            server.reload(HealthFixtures.load(SITE));
            assertNoMoreProbes(first);
            assertThat(HealthChecks.of(server.config()).peers()).isEmpty();
        } finally {
            server.close();
        }
    }

    @Test void reloadingTheSameConfigurationKeepsItsChecksRunning() throws Exception {
        PierConfig one = withChecksOf(first);
        PierServer server = new PierServer(one);
        try {
            server.start();
            await("probes", Duration.ofSeconds(10), () -> first.requests() >= 2);
            server.reload(one);
            int before = first.requests();
            await("probes after the reload", Duration.ofSeconds(10), () -> first.requests() >= before + 3);
        } finally {
            server.close();
        }
    }
}
