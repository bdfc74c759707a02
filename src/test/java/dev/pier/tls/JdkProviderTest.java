package dev.pier.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import io.netty.handler.ssl.OpenSslServerContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDK's TLS provider, where BoringSSL does not load (forced here with -Dpier.tls.provider=jdk): the same configuration serves. */
class JdkProviderTest {
    static final TestPki PKI = TestPki.get();

    static {
        System.setProperty("pier.tls.provider", "jdk");
    }

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0 ssl;
                server_name a.test;
                ssl_certificate %1$s/site-rsa.crt;
                ssl_certificate_key %1$s/site-rsa.key;
                ssl_certificate %1$s/site-ec.crt;
                ssl_certificate_key %1$s/site-ec.key;
                ssl_client_certificate %1$s/ca.crt;
                ssl_verify_client optional;
                return 200 "$scheme $ssl_protocol $ssl_server_name $ssl_client_verify\\n";
            }
            server {
                listen 127.0.0.1:0 ssl;
                server_name b.test;
                ssl_certificate %1$s/b.crt;
                ssl_certificate_key %1$s/b.key;
                return 200 "b\\n";
            }
            """.formatted(PKI.file("").toString().replaceAll("/$", "")));

    @AfterAll static void back() {
        System.clearProperty("pier.tls.provider");
    }

    @Test void theJdkProviderServesTheSameConfiguration() {
        HttpConfigParts.assertJdk(pier);
        assertThat(Commands.curl(PKI, "a.test", pier.port(0), "/")).isEqualTo("https TLSv1.3 a.test NONE\n");
        assertThat(Commands.curl(PKI, "a.test", pier.port(0), "/", "--cert", PKI.path("client.crt"), "--key", PKI.path("client.key")))
                .isEqualTo("https TLSv1.3 a.test SUCCESS\n");
        assertThat(Commands.curl(PKI, "b.test", pier.port(0), "/")).isEqualTo("b\n");
        assertThat(Commands.sClient(pier.port(0), "", "-servername", "a.test", "-sigalgs", "ECDSA+SHA256")).contains("Server public key is 256 bit");
        assertThat(Commands.sClient(pier.port(0), "", "-servername", "a.test", "-sigalgs", "RSA-PSS+SHA256")).contains("Server public key is 2048 bit");
        assertThat(pier.raw("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n")).contains("The plain HTTP request was sent to HTTPS port");
    }

    /** The contexts of the load are the JDK's. */
    static final class HttpConfigParts {
        static void assertJdk(PierTestServer pier) {
            var http = pier.server().config().part(dev.pier.http.HttpConfig.class);
            var tls = pier.server().config().part(TlsServers.class);
            assertThat(tls.of(http.servers().get(0)).context()).isNotInstanceOf(OpenSslServerContext.class)
                    .isNotInstanceOf(io.netty.handler.ssl.ReferenceCountedOpenSslContext.class);
        }
    }
}
