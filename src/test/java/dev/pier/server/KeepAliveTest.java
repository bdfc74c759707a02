package dev.pier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keep-alive, pipelining, HTTP/1.0 and the idle timeouts, each checked against nginx 1.22 on the same config. */
class KeepAliveTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            client_header_timeout 300ms;
            keepalive_timeout 400ms 7;
            keepalive_requests 3;
            server {
                listen 127.0.0.1:0;
                location = /ping { return 200 "pong"; }
                location = /one { return 200 "one"; }
                location = /two { return 200 "two"; }
                location = /nokeep { keepalive_timeout 0; return 200 "x"; }
                location = /noheader { keepalive_timeout 10s; return 200 "x"; }
                location = /aged { keepalive_time 300ms; keepalive_timeout 10s; return 200 "aged"; }
            }
            """, prefix -> java.nio.file.Files.write(prefix.resolve("html/big.bin"), new byte[3 * 1024 * 1024]));

    private static final String GET = "GET %s HTTP/1.1\r\nHost: a\r\n\r\n";

    @Test void pipelinedRequestsWithBodiesAreAnsweredInOrder() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("POST /one HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nabcde"
                    + "POST /two HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
                    + "GET /ping HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("one");
            assertThat(c.read().body()).isEqualTo("two");
            RawConnection.Response third = c.read();
            assertThat(third.body()).isEqualTo("pong");
            // keepalive_requests 3: the third answer closes
            assertThat(third.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test void aLargeResponseIsCompleteBeforeThePipelinedNextOne() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send(GET.formatted("/big.bin") + GET.formatted("/ping"));
            RawConnection.Response big = c.read();
            assertThat(big.status()).isEqualTo(200);
            assertThat(big.body()).hasSize(3 * 1024 * 1024);
            assertThat(big.body().chars().allMatch(ch -> ch == 0)).isTrue();
            assertThat(c.read().body()).isEqualTo("pong");
        }
    }

    @Test void keepaliveRequestsCountsRequestsOnTheConnection() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send(GET.formatted("/ping").repeat(4));
            assertThat(c.read().header("Connection")).isEqualTo("keep-alive");
            assertThat(c.read().header("Connection")).isEqualTo("keep-alive");
            assertThat(c.read().header("Connection")).isEqualTo("close");
            // the fourth request is never answered
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test void keepAliveHeaderCarriesTheHeaderTimeout() {
        try (RawConnection c = new RawConnection(pier.port())) {
            RawConnection.Response r = c.send(GET.formatted("/ping")).read();
            assertThat(r.header("Connection")).isEqualTo("keep-alive");
            assertThat(r.header("Keep-Alive")).isEqualTo("timeout=7");
        }
    }

    @Test void http10ClosesUnlessAskedToKeepAlive() {
        try (RawConnection c = new RawConnection(pier.port())) {
            RawConnection.Response r = c.send("GET /ping HTTP/1.0\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
        try (RawConnection c = new RawConnection(pier.port())) {
            RawConnection.Response r = c.send("GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(r.header("Connection")).isEqualTo("keep-alive");
            assertThat(c.send("GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().body()).isEqualTo("one");
        }
    }

    @Test void connectionCloseEndsTheConnectionAfterTheAnswer() {
        try (RawConnection c = new RawConnection(pier.port())) {
            RawConnection.Response r = c.send("GET /ping HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" + GET.formatted("/one")).read();
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test void keepaliveTimeoutZeroInTheAnsweringLocationCloses() {
        try (RawConnection c = new RawConnection(pier.port())) {
            assertThat(c.send(GET.formatted("/nokeep")).read().header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test void idleKeepAliveConnectionIsClosedAfterKeepaliveTimeout() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send(GET.formatted("/ping")).read();
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test void locationKeepaliveTimeoutDecidesTheIdleWait() {
        try (RawConnection c = new RawConnection(pier.port())) {
            RawConnection.Response r = c.send(GET.formatted("/noheader")).read();
            assertThat(r.header("Keep-Alive")).isNull();
            // 10s here, not the server's 400ms
            assertThat(c.closedWithin(1200)).isFalse();
            assertThat(c.send(GET.formatted("/ping")).read().body()).isEqualTo("pong");
        }
    }

    @Test void clientHeaderTimeoutClosesWithoutAResponse() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send("GET /ping HTTP/1.1\r\nHost: a\r\n");
            // nginx sends nothing: the 408 goes to the access log only
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test void aConnectionThatSendsNothingIsClosedAfterClientHeaderTimeout() {
        try (RawConnection c = new RawConnection(pier.port())) {
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test void theFirstByteOfTheNextRequestSwitchesToClientHeaderTimeout() {
        try (RawConnection c = new RawConnection(pier.port())) {
            c.send(GET.formatted("/noheader")).read();
            // idle under keepalive_timeout 10s; a partial head then has client_header_timeout (300ms) to finish
            c.send("GET /ping HTTP/1.1\r\n");
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test void aConnectionOlderThanKeepaliveTimeIsClosedAfterItsNextAnswer() throws InterruptedException {
        try (RawConnection c = new RawConnection(pier.port())) {
            assertThat(c.send(GET.formatted("/aged")).read().header("Connection")).isEqualTo("keep-alive");
            Thread.sleep(600);
            assertThat(c.send(GET.formatted("/aged")).read().header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }
}
