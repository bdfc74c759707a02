package dev.pier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.pier.testing.PierTestServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code listen ... reuseport} with epoll: one SO_REUSEPORT socket per event loop, as nginx has one per worker. */
class ReusePortTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            error_log logs/error.log info;
            worker_processes 3;
            events { }
            http {
                server { listen 127.0.0.1:0 reuseport backlog=64; location = /ping { return 200 "pong"; } }
            }
            """);

    @Test void oneListeningSocketPerEventLoopOnOnePort() {
        assumeThat(pier.server().usesEpoll()).isTrue();
        assertThat(pier.server().boundAddresses()).hasSize(3);
        assertThat(pier.server().boundAddresses().stream().map(InetSocketAddress::getPort).distinct()).hasSize(1);
    }

    @Test void everySocketServes() {
        for (int i = 0; i < 30; i++) {
            try (RawConnection c = new RawConnection(pier.port())) {
                assertThat(c.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n").read().body()).isEqualTo("pong");
            }
        }
    }
}
