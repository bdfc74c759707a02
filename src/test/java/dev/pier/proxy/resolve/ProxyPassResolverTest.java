package dev.pier.proxy.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * proxy_pass with variables whose host is a name: looked up through the location's resolver (a real DNS
 * server on loopback), cached for valid=, the request body kept while the name resolves; an unknown name and
 * a location without resolver answer 502 with nginx's log lines.
 */
class ProxyPassResolverTest {
    private static EventLoopGroup dnsLoop;
    private static TestDnsServer dns;
    private static OriginServer origin;
    private static PierTestServer pier;

    @BeforeAll static void start() throws Exception {
        dnsLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        dns = new TestDnsServer(dnsLoop).add("app.test", 300, "127.0.0.1");
        origin = OriginServer.start("resolved");
        pier = PierTestServer.withConfig("""
                server {
                    listen 127.0.0.1:0;
                    error_log logs/resolve.log error;
                    location /r/ { resolver 127.0.0.1:%1$d valid=30s; set $h app.test; proxy_pass http://$h:%2$d; }
                    location /nx/ { resolver 127.0.0.1:%1$d valid=30s; set $h missing.test; proxy_pass http://$h:%2$d; }
                    location /nores/ { set $h app.test; proxy_pass http://$h:%2$d; }
                }
                """.formatted(dns.address().getPort(), origin.port()));
        pier.start();
    }

    @AfterAll static void stop() {
        pier.stop();
        origin.close();
        dns.close();
        dnsLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test void aNameIsResolvedOnceAndTheRequestGoesThere() {
        HttpResponse<String> r = pier.get("/r/one");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Origin")).hasValue("resolved");
        assertThat(r.body()).contains("\"uri\":\"/r/one\"", "[\"Host\",\"app.test:" + origin.port() + "\"]");
        int asked = dns.queries("app.test", "A");
        assertThat(pier.get("/r/two").statusCode()).isEqualTo(200);
        assertThat(dns.queries("app.test", "A")).isEqualTo(asked).isGreaterThan(0);
    }

    @Test void theBodyWaitsWhileTheNameResolves() {
        HttpResponse<String> r = pier.send(pier.request("/r/post").POST(HttpRequest.BodyPublishers.ofString("x".repeat(70_000))).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"bodyLength\":70000");
    }

    @Test void anUnknownNameIs502WithNginxsLine() throws Exception {
        assertThat(pier.get("/nx/x").statusCode()).isEqualTo(502);
        assertThat(pier.awaitLogLine("logs/resolve.log", l -> l.contains("missing.test could not be resolved"))).contains("missing.test could not be resolved (3: Host not found)");
    }

    @Test void withoutAResolverANameIs502() throws Exception {
        assertThat(pier.get("/nores/x").statusCode()).isEqualTo(502);
        assertThat(pier.awaitLogLine("logs/resolve.log", l -> l.contains("no resolver defined"))).contains("no resolver defined to resolve app.test");
    }
}
