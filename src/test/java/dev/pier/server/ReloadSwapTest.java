package dev.pier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.Modules;
import dev.pier.http.HttpConfig;
import dev.pier.http.LocationPlan;
import dev.pier.testing.PierTestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PierServer#reload}: one swap. A request in flight finishes on the configuration it started with, the
 * next request of the same keep-alive connection runs on the new one; a refused reload changes nothing.
 */
class ReloadSwapTest {
    private PierTestServer pier;

    @BeforeEach void start() throws Exception {
        pier = PierTestServer.withConfig("""
                server {
                    listen 127.0.0.1:0;
                    location = /late { return 204; }
                    location = /body { return 200 "old"; }
                }
                """);
        pier.start();
        // the old configuration answers /late 300 ms after the request started
        HttpConfig http = pier.server().config().part(HttpConfig.class);
        http.servers().get(0).locations().find("/late").location().plan(LocationPlan.builder().contentIfUnset(ex -> ex.channelContext()
                .executor().schedule(() -> ex.sendText(200, "late from the old configuration", "text/plain"), 300, TimeUnit.MILLISECONDS))
                .build());
    }

    @AfterEach void stop() {
        pier.stop();
    }

    private void reloadTo(String servers) throws Exception {
        Path conf = pier.prefix().resolve("conf/pier.conf");
        Files.writeString(conf, "events { }\nhttp {\n" + servers + "\n}\n");
        pier.server().reload(Modules.load(pier.prefix(), conf, null));
    }

    @Test void aRequestInFlightKeepsItsConfigurationAndTheNextOneTakesTheNew() throws Exception {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("GET /late HTTP/1.1\r\nHost: a\r\n\r\n");
            Thread.sleep(100);
            reloadTo("""
                    server {
                        listen 127.0.0.1:0;
                        location = /late { return 200 "late from the new configuration"; }
                        location = /body { return 200 "new"; }
                    }
                    """);
            assertThat(c.read().body()).isEqualTo("late from the old configuration");
            assertThat(c.send("GET /late HTTP/1.1\r\nHost: a\r\n\r\n").read().body()).isEqualTo("late from the new configuration");
            assertThat(c.send("GET /body HTTP/1.1\r\nHost: a\r\n\r\n").read().body()).isEqualTo("new");
        }
    }

    @Test void aReloadThatCannotBindChangesNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String servers = """
                    server { listen 127.0.0.1:0; location = /body { return 200 "new"; } }
                    server { listen 127.0.0.1:%d; }
                    """.formatted(taken.getLocalPort());
            assertThatThrownBy(() -> reloadTo(servers))
                    .isInstanceOf(PierServer.BindException.class)
                    .hasMessage("bind() to 127.0.0.1:" + taken.getLocalPort() + " failed (98: Address already in use)");
        }
        try (RawConnection c = new RawConnection(pier.port())) {
            assertThat(c.send("GET /body HTTP/1.1\r\nHost: a\r\n\r\n").read().body()).isEqualTo("old");
        }
        assertThat(pier.server().boundAddresses()).hasSize(1);
    }
}
