package dev.pier.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 over TLS: ALPN offers h2 where the server has it ({@code listen ... ssl http2}, {@code http2 on}), and
 * the JDK's client, which asks for h2 and takes http/1.1, gets each; $http2 is "h2" and $scheme "https".
 */
class Http2OverTlsTest {
    static final TestPki pki = TestPki.get();
    static PierTestServer pier;
    static final int plainPort = dev.pier.testing.NginxOracle.freePort();

    @BeforeAll static void start() throws Exception {
        pier = PierTestServer.withConfig("""
                server {
                    listen 127.0.0.1:0 ssl http2;
                    ssl_certificate %1$s;
                    ssl_certificate_key %2$s;
                    location / { return 200 "$server_protocol [$http2] $scheme $ssl_protocol\\n"; }
                }
                server {
                    listen 127.0.0.1:%3$d ssl;
                    ssl_certificate %1$s;
                    ssl_certificate_key %2$s;
                    location / { return 200 "$server_protocol [$http2] $scheme\\n"; }
                }
                """.formatted(pki.path("site-rsa.crt"), pki.path("site-rsa.key"), plainPort));
        pier.start();
    }

    @AfterAll static void stop() { pier.stop(); }

    @Test void alpnGivesH2WhereTheServerHasIt() throws Exception {
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create("https://localhost:" + pier.port(0) + "/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.body()).startsWith("HTTP/2.0 [h2] https TLSv1.");
    }

    @Test void http11WhereItDoesNot() throws Exception {
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create("https://localhost:" + plainPort + "/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(r.body()).isEqualTo("HTTP/1.1 [] https\n");
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(pki.trustingClient(null))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
