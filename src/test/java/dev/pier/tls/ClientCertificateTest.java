package dev.pier.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.http.UriEscape;
import dev.pier.testing.PierTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ssl_verify_client on, optional and optional_no_ca with ssl_client_certificate, ssl_crl; the $ssl_client_* variables; 495, 496, 421. */
class ClientCertificateTest {
    static final TestPki PKI = TestPki.get();

    @RegisterExtension
    @Order(1)
    static final TestErrorLog LOG = new TestErrorLog();

    @RegisterExtension
    @Order(2)
    static final PierTestServer pier = PierTestServer.withConfig("""
            ssl_certificate %1$s/site-rsa.crt;
            ssl_certificate_key %1$s/site-rsa.key;
            server {
                listen 127.0.0.1:0 ssl;
                server_name a.test;
                ssl_client_certificate %1$s/ca.crt;
                ssl_verify_client on;
                ssl_crl %1$s/crl.pem;
                return 200 "v=$ssl_client_verify s=$ssl_client_s_dn i=$ssl_client_i_dn serial=$ssl_client_serial fp=$ssl_client_fingerprint\\n";
            }
            server {
                listen 127.0.0.1:0 ssl;
                server_name x.wild.test;
                return 200 "open v=$ssl_client_verify\\n";
            }
            server {
                listen 127.0.0.2:0 ssl;
                ssl_client_certificate %1$s/ca.crt;
                ssl_verify_client optional;
                location /escaped { return 200 "$ssl_client_escaped_cert"; }
                location / { return 200 "v=$ssl_client_verify\\n"; }
            }
            server {
                listen 127.0.0.3:0 ssl;
                ssl_verify_client optional_no_ca;
                return 200 "v=$ssl_client_verify s=$ssl_client_s_dn\\n";
            }
            """.formatted(PKI.file("").toString().replaceAll("/$", "")));

    private static String curl(int listener, String ip, String client) {
        return client == null ? Commands.curlTo(ip, PKI, "a.test", pier.port(listener), "/")
                : Commands.curlTo(ip, PKI, "a.test", pier.port(listener), "/", "--cert", PKI.path(client + ".crt"), "--key", PKI.path(client + ".key"));
    }

    @Test void aVerifiedCertificateFillsTheVariables() {
        String serial = Commands.run("", "openssl", "x509", "-in", PKI.path("client.crt"), "-noout", "-serial").strip().substring("serial=".length());
        String fingerprint = Commands.run("", "openssl", "x509", "-in", PKI.path("client.crt"), "-noout", "-fingerprint", "-sha1").strip()
                .replaceAll(".*=", "").replace(":", "").toLowerCase(java.util.Locale.ROOT);
        assertThat(curl(0, "127.0.0.1", "client")).isEqualTo("v=SUCCESS s=O=Pier Test,CN=client one i=CN=Pier Test CA serial=" + serial
                + " fp=" + fingerprint + "\n");
    }

    @Test void theJdkClientPresentsItsCertificate() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(PKI.trustingClient("client")).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + pier.port(0) + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).startsWith("v=SUCCESS s=O=Pier Test,CN=client one ");
    }

    @Test void theCertificateRequestNamesTheClientCertificateCas() {
        assertThat(Commands.sClient(pier.port(0), "", "-servername", "a.test")).contains("Acceptable client certificate CA names\nCN = Pier Test CA");
    }

    @Test void aRequiredCertificateThatIsMissingIs400NoRequiredCertificate() {
        String answer = Commands.curlTo("127.0.0.1", PKI, "a.test", pier.port(0), "/", "-i");
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request").contains("<center>No required SSL certificate was sent</center>")
                .contains("<title>400 No required SSL certificate was sent</title>");
        assertThat(LOG.text()).contains("client sent no required SSL certificate while reading client request headers");
    }

    @Test void expiredRevokedAndUnknownCertificatesAre400CertificateError() {
        for (String client : new String[] {"client-expired", "client-revoked", "client-other"}) {
            String answer = Commands.curlTo("127.0.0.1", PKI, "a.test", pier.port(0), "/", "-i", "--cert", PKI.path(client + ".crt"),
                    "--key", PKI.path(client + ".key"));
            assertThat(answer).as(client).startsWith("HTTP/1.1 400 Bad Request").contains("<center>The SSL certificate error</center>");
        }
        assertThat(LOG.text()).contains("client SSL certificate verify error: (10:certificate has expired) while reading client request headers")
                .contains("client SSL certificate verify error: (23:certificate revoked)")
                .contains("client SSL certificate verify error: (21:unable to verify the first certificate)");
    }

    @Test void optionalLetsARequestWithoutCertificateThroughButNotABadOne() throws Exception {
        assertThat(curl(1, "127.0.0.2", null)).isEqualTo("v=NONE\n");
        assertThat(curl(1, "127.0.0.2", "client")).isEqualTo("v=SUCCESS\n");
        assertThat(Commands.curlTo("127.0.0.2", PKI, "a.test", pier.port(1), "/", "-i", "--cert", PKI.path("client-expired.crt"),
                "--key", PKI.path("client-expired.key"))).contains("The SSL certificate error");
        String escaped = Commands.curlTo("127.0.0.2", PKI, "a.test", pier.port(1), "/escaped", "--cert", PKI.path("client.crt"),
                "--key", PKI.path("client.key"));
        assertThat(escaped).isEqualTo(UriEscape.component(Files.readString(PKI.file("client.crt"))));
    }

    @Test void optionalNoCaTellsOfAnUnknownIssuerAndGoesOn() {
        assertThat(curl(2, "127.0.0.3", "client-other")).isEqualTo("v=FAILED:unable to verify the first certificate s=CN=stranger\n");
        assertThat(curl(2, "127.0.0.3", "client-expired")).contains("The SSL certificate error");
    }

    @Test void aHostOtherThanTheNegotiatedNameIsMisdirectedWhenItsServerVerifies() {
        String answer = Commands.curl(PKI, "x.wild.test", pier.port(0), "/", "-i", "-H", "Host: a.test");
        assertThat(answer).startsWith("HTTP/1.1 421 Misdirected Request").contains("<title>421 Misdirected Request</title>");
        assertThat(LOG.text()).contains("client attempted to request the server name different from the one that was negotiated while "
                + "reading client request headers");
        // the other way round the request's server does not verify: Host wins, as nginx
        assertThat(Commands.curl(PKI, "a.test", pier.port(0), "/", "-H", "Host: x.wild.test", "--cert", PKI.path("client.crt"),
                "--key", PKI.path("client.key"))).isEqualTo("open v=SUCCESS\n");
    }
}
