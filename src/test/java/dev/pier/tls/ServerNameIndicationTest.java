package dev.pier.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SNI picks the server (exact, wildcard, regex) and its certificate; ssl_reject_handshake on the default server;
 * Host still picks the server of the request; plain HTTP, garbage and stalled handshakes on a TLS port.
 */
class ServerNameIndicationTest {
    static final TestPki PKI = TestPki.get();

    @RegisterExtension
    @org.junit.jupiter.api.Order(1)
    static final TestErrorLog LOG = new TestErrorLog();

    @RegisterExtension
    @org.junit.jupiter.api.Order(2)
    static final PierTestServer pier = PierTestServer.withConfig("""
            server { listen 127.0.0.1:0 ssl default_server; ssl_reject_handshake on; }
            server {
                listen 127.0.0.1:0 ssl;
                server_name a.test *.wild.test;
                ssl_certificate %1$s/site-rsa.crt;
                ssl_certificate_key %1$s/site-rsa.key;
                return 200 "a sni=$ssl_server_name host=$host scheme=$scheme https=$https\\n";
            }
            server {
                listen 127.0.0.1:0 ssl;
                server_name b.test ~^re[0-9]+\\.test$;
                ssl_certificate %1$s/b.crt;
                ssl_certificate_key %1$s/b.key;
                return 200 "b sni=$ssl_server_name host=$host\\n";
            }
            server {
                listen 127.0.0.2:0 ssl;
                server_name slow.test;
                client_header_timeout 1s;
                ssl_certificate %1$s/site-rsa.crt;
                ssl_certificate_key %1$s/site-rsa.key;
                return 200 "slow\\n";
            }
            """.formatted(PKI.file("").toString().replaceAll("/$", "")));

    @Test void eachNameGetsItsServerAndCertificate() {
        assertThat(Commands.curl(PKI, "a.test", pier.port(0), "/")).isEqualTo("a sni=a.test host=a.test scheme=https https=on\n");
        assertThat(Commands.curl(PKI, "x.wild.test", pier.port(0), "/")).isEqualTo("a sni=x.wild.test host=x.wild.test scheme=https https=on\n");
        // curl checks the certificate's name: b.test's own certificate was presented
        assertThat(Commands.curl(PKI, "b.test", pier.port(0), "/")).isEqualTo("b sni=b.test host=b.test\n");
        assertThat(Commands.sClient(pier.port(0), "", "-servername", "re42.test")).contains("subject=CN = b.test");
    }

    @Test void theDefaultServerRejectsUnknownNamesAndNoName() {
        assertThat(Commands.sClient(pier.port(0), "", "-servername", "nope.test")).contains("unrecognized name");
        assertThat(Commands.sClient(pier.port(0), "", "-noservername")).contains("unrecognized name");
        assertThat(errorLog()).contains("handshake rejected while SSL handshaking, client: 127.0.0.1, server: 127.0.0.1:");
    }

    @Test void hostStillChoosesTheServerOfTheRequest() {
        assertThat(Commands.curl(PKI, "a.test", pier.port(0), "/", "-H", "Host: b.test")).isEqualTo("b sni=a.test host=b.test\n");
    }

    @Test void plainHttpOnTheTlsPortGetsNginxs400() {
        String answer = pier.raw("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\r\nConnection: close\r\n")
                .contains("<title>400 The plain HTTP request was sent to HTTPS port</title>")
                .contains("<center>The plain HTTP request was sent to HTTPS port</center>");
        assertThat(errorLog()).contains("client sent plain HTTP request to HTTPS port while reading client request headers");
    }

    @Test void garbageInsteadOfAClientHelloIsClosedAndLogged() throws Exception {
        try (Socket s = new Socket("127.0.0.2", pier.port(1))) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o'});
            out.flush();
            assertThat(readToEnd(s.getInputStream())).isLessThan(100);
        }
        assertThat(errorLog()).contains("SSL_do_handshake() failed (SSL: ").contains(") while SSL handshaking, client: 127.0.0.1, server: 127.0.0.2:");
    }

    @Test void aStalledHandshakeEndsAtClientHeaderTimeout() throws Exception {
        long start = System.nanoTime();
        try (Socket s = new Socket("127.0.0.2", pier.port(1))) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(new byte[] {0x16, 0x03});
            s.getOutputStream().flush();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(800L, 4000L);
        assertThat(errorLog()).contains("client timed out (110: Connection timed out) while SSL handshaking, client: 127.0.0.1, server: 127.0.0.2:");
    }

    private static int readToEnd(InputStream in) throws Exception {
        int n = 0;
        while (in.read() >= 0) {
            n++;
        }
        return n;
    }

    static String errorLog() { return LOG.text(); }
}
