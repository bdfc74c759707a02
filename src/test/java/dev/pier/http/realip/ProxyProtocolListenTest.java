package dev.pier.http.realip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProxyProtocolListenTest {
    @RegisterExtension static final PierTestServer pier = PierTestServer.withConfig("""
            events { }
            http {
                server {
                    listen 127.0.0.1:0;
                    location / { return 200 "ra=$remote_addr ppa=[$proxy_protocol_addr] ppp=[$proxy_protocol_port]\\n"; }
                }
            }
            """);

    @Test void firstRequest() {
        long t0 = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            t0 = System.nanoTime();
            int n = pier.raw(i % 2 == 0 ? "GET /x HTTP/1.0\r\n\r\n" : "PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET / HTTP/1.0\r\n\r\n", 3000).length();
            System.out.println("round " + i + ": " + n + " in " + (System.nanoTime() - t0) / 1_000_000);
        }
        long t = System.nanoTime();
        String r = pier.raw("PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 3000);
        System.out.println("took " + (System.nanoTime() - t) / 1_000_000 + " ms: " + r);
        assertThat(r).contains("ppa=[1.2.3.4] ppp=[1111]");
    }
}
