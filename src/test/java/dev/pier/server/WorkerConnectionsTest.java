package dev.pier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * worker_connections 4 with one listening socket: nginx 1.22 holds two client connections per worker (the
 * listening socket and the worker's channel take the others), closes the oldest idle one to make room, and
 * drops the new one when none is idle.
 */
class WorkerConnectionsTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            error_log logs/error.log info;
            worker_processes 1;
            events { worker_connections 4; }
            http {
                server { listen 127.0.0.1:0; location = /ping { return 200 "pong"; } }
            }
            """);

    private static final String PING = "GET /ping HTTP/1.1\r\nHost: a\r\n\r\n";

    @Test void idleConnectionsAreClosedToMakeRoom() {
        try (RawConnection a = new RawConnection(pier.port()); RawConnection b = new RawConnection(pier.port())) {
            assertThat(a.send(PING).read().status()).isEqualTo(200);
            assertThat(b.send(PING).read().status()).isEqualTo(200);
            try (RawConnection c = new RawConnection(pier.port())) {
                assertThat(c.send(PING).read().body()).isEqualTo("pong");
                // the oldest idle connection made room
                assertThat(a.closedWithin(2000)).isTrue();
                assertThat(b.send(PING).read().body()).isEqualTo("pong");
            }
        }
    }

    @Test void aNewConnectionIsDroppedWhenNoneIsIdle() throws InterruptedException {
        try (RawConnection a = new RawConnection(pier.port()); RawConnection b = new RawConnection(pier.port())) {
            // both in the middle of a request head: not reusable
            a.send("GET /ping HTTP/1.1\r\n");
            b.send("GET /ping HTTP/1.1\r\n");
            Thread.sleep(200);
            try (RawConnection c = new RawConnection(pier.port())) {
                assertThat(c.closedWithin(2000)).isTrue();
            }
            assertThat(a.send("Host: a\r\n\r\n").read().body()).isEqualTo("pong");
            assertThat(b.send("Host: a\r\n\r\n").read().body()).isEqualTo("pong");
        }
    }
}
