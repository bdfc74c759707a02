package dev.pier.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pier.Modules;
import dev.pier.config.syntax.ConfigException;
import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * proxy_pass https:// to real TLS backends: without verification, verified against a trusted CA and the
 * certificate's names, SNI with proxy_ssl_server_name, client certificates to a backend that requires them,
 * keep-alive over TLS, and nginx's log lines and 502s for each way the handshake fails.
 */
class ProxySslTest {
    static final TestPki pki = TestPki.get();
    static OriginServer tls;
    static OriginServer mutual;
    static OriginServer plain;
    static PierTestServer pier;

    @BeforeAll static void start() throws Exception {
        tls = OriginServer.startTls("tls", SslContextBuilder.forServer(pki.file("site-rsa.crt").toFile(), pki.file("site-rsa.key").toFile())
                .sslProvider(SslProvider.JDK).build());
        mutual = OriginServer.startTls("mutual", SslContextBuilder.forServer(pki.file("site-rsa.crt").toFile(),
                pki.file("site-rsa.key").toFile()).sslProvider(SslProvider.JDK).clientAuth(ClientAuth.REQUIRE)
                .trustManager(pki.file("ca.crt").toFile()).build());
        plain = OriginServer.start("plain");
        pier = PierTestServer.withConfig("""
                error_log logs/error.log info;
                upstream pooled { server 127.0.0.1:%1$d; keepalive 4; }
                server {
                    listen 127.0.0.1:0;
                    location /open/ { proxy_pass https://127.0.0.1:%1$d; }
                    location /verified/ {
                        proxy_ssl_verify on;
                        proxy_ssl_trusted_certificate %4$s;
                        proxy_ssl_name a.test;
                        proxy_ssl_server_name on;
                        proxy_pass https://127.0.0.1:%1$d;
                    }
                    location /untrusted/ {
                        proxy_ssl_verify on;
                        proxy_ssl_trusted_certificate %5$s;
                        proxy_pass https://127.0.0.1:%1$d;
                    }
                    location /misnamed/ {
                        proxy_ssl_verify on;
                        proxy_ssl_trusted_certificate %4$s;
                        proxy_ssl_name nope.test;
                        proxy_pass https://127.0.0.1:%1$d;
                    }
                    location /plain/ { proxy_pass https://127.0.0.1:%3$d; }
                    location /nocert/ { proxy_pass https://127.0.0.1:%2$d; }
                    location /withcert/ {
                        proxy_ssl_certificate %6$s;
                        proxy_ssl_certificate_key %7$s;
                        proxy_pass https://127.0.0.1:%2$d;
                    }
                    location /pooled/ {
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_pass https://pooled;
                    }
                }
                """.formatted(tls.port(), mutual.port(), plain.port(), pki.path("ca.crt"), pki.path("other-ca.crt"),
                pki.path("client.crt"), pki.path("client.key")));
        pier.start();
    }

    @AfterAll static void stop() {
        pier.stop();
        tls.close();
        mutual.close();
        plain.close();
    }

    @Test void httpsWithoutVerification() {
        HttpResponse<String> r = pier.get("/open/x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Origin")).hasValue("tls");
        assertThat(r.body()).contains("\"uri\":\"/open/x\"");
    }

    @Test void verifiedAgainstTheTrustedCaAndTheNameWithSni() {
        HttpResponse<String> r = pier.get("/verified/x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(tls.serverNames()).contains("a.test");
    }

    @Test void anUntrustedCertificateIs502() throws Exception {
        assertThat(pier.get("/untrusted/x").statusCode()).isEqualTo(502);
        awaitLine("upstream SSL certificate verify error: (", "while SSL handshaking to upstream");
    }

    @Test void aCertificateForAnotherNameIs502() throws Exception {
        assertThat(pier.get("/misnamed/x").statusCode()).isEqualTo(502);
        awaitLine("upstream SSL certificate does not match \"nope.test\" while SSL handshaking to upstream");
    }

    @Test void aBackendThatDoesNotSpeakTlsIs502() throws Exception {
        assertThat(pier.get("/plain/x").statusCode()).isEqualTo(502);
        awaitLine("SSL_do_handshake() failed (SSL: ", "while SSL handshaking to upstream");
    }

    @Test void aClientCertificateForABackendThatRequiresOne() {
        assertThat(pier.get("/nocert/x").statusCode()).isEqualTo(502);
        HttpResponse<String> r = pier.get("/withcert/x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Origin")).hasValue("mutual");
    }

    @Test void keptAliveTlsConnectionsAreReused() {
        int before = tls.connectionsOpened();
        for (int i = 0; i < 20; i++) {
            assertThat(pier.get("/pooled/" + i).statusCode()).isEqualTo(200);
        }
        assertThat(tls.connectionsOpened() - before).isLessThanOrEqualTo(2);
    }

    @Test void verificationNeedsTrustedCertificates(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Path f = Files.writeString(dir.resolve("conf/pier.conf"), "events {}\nhttp {\n server { listen 127.0.0.1:0;\n"
                + "  location / {\n proxy_ssl_verify on;\n proxy_pass https://127.0.0.1:1;\n }\n } }\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Modules.load(dir, f, null));
        assertThat(e.getMessage()).startsWith("no proxy_ssl_trusted_certificate for proxy_ssl_verify in ");
    }

    private static void awaitLine(String... parts) {
        pier.awaitLogLine("logs/error.log", l -> java.util.Arrays.stream(parts).allMatch(l::contains));
    }
}
