package dev.pier.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code listen ... ssl} with RSA and ECDSA pairs, checked with the JDK's client, curl and openssl s_client. */
class TlsTerminationTest {
    static final TestPki PKI = TestPki.get();
    static final String ECHO = "return 200 \"$scheme $https $ssl_protocol $ssl_cipher $ssl_server_name $ssl_session_reused\\n\";";

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0 ssl;
                server_name a.test;
                ssl_certificate %1$s/site-rsa.crt;
                ssl_certificate_key %1$s/site-rsa.key;
                ssl_certificate %1$s/site-ec.crt;
                ssl_certificate_key %1$s/site-ec.key;
                location /files/ { root html; }
                location / { %2$s }
            }
            server {
                listen 127.0.0.2:0 ssl;
                server_name enc.test;
                ssl_certificate %1$s/site-rsa.crt;
                ssl_certificate_key %1$s/enc.key;
                ssl_password_file %1$s/pw.txt;
                ssl_protocols TLSv1.2;
                ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384;
                ssl_ecdh_curve secp384r1;
                ssl_session_tickets off;
                ssl_session_cache builtin:100 shared:TLS:1m;
                location / { %2$s }
            }
            server {
                listen 127.0.0.3:0 ssl;
                ssl_certificate %1$s/site-rsa.crt;
                ssl_certificate_key %1$s/enc8.key;
                ssl_password_file %1$s/pw.txt;
                ssl_session_ticket_key %1$s/ticket.key;
                location / { %2$s }
            }
            """.formatted(PKI.file("").toString().replaceAll("/$", ""), ECHO), prefix -> {
                byte[] big = new byte[1024 * 1024 + 123];
                new java.util.Random(7).nextBytes(big);
                Files.createDirectories(prefix.resolve("html/files"));
                Files.write(prefix.resolve("html/files/big.bin"), big);
            });

    @Test void staticFilesGoOutWholeOverTls() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(PKI.trustingClient(null)).connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("https://127.0.0.1:" + pier.port(0) + "/files/big.bin");
        byte[] expected = Files.readAllBytes(pier.prefix().resolve("html/files/big.bin"));
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(expected);
        }
        HttpResponse<byte[]> range = client.send(HttpRequest.newBuilder(uri).header("Range", "bytes=100000-100009").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(expected, 100000, 100010));
    }

    @Test void jdkClientGetsTheSiteOverTls() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(PKI.trustingClient(null)).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + pier.port(0) + "/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("https on TLSv1.3 TLS_");
    }

    @Test void curlWithSniSeesTheServerNameAndScheme() {
        String out = Commands.curl(PKI, "a.test", pier.port(0), "/");
        assertThat(out).matches("https on TLSv1\\.3 TLS_\\S+ a\\.test \\.\\n");
    }

    @Test void theClientsSignatureAlgorithmsChooseTheKeyPair() {
        String ec = Commands.sClient(pier.port(0), "", "-servername", "a.test", "-sigalgs", "ECDSA+SHA256");
        assertThat(ec).contains("Server public key is 256 bit").contains("Peer signature type: ECDSA");
        String rsa = Commands.sClient(pier.port(0), "", "-servername", "a.test", "-sigalgs", "RSA-PSS+SHA256");
        assertThat(rsa).contains("Server public key is 2048 bit");
        String ec12 = Commands.sClient(pier.port(0), "", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
        assertThat(ec12).contains("Server public key is 256 bit").contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256");
        String rsa12 = Commands.sClient(pier.port(0), "", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(rsa12).contains("Server public key is 2048 bit").contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256");
    }

    @Test void anEncryptedKeyOpensWithThePasswordFileAndTheSettingsApply() {
        String out = Commands.curlTo("127.0.0.2", PKI, "a.test", pier.port(1), "/");
        assertThat(out).isEqualTo("https on TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384 a.test .\n");
        String tls13 = Commands.sClientTo("127.0.0.2", pier.port(1), "", "-tls1_3");
        assertThat(tls13).doesNotContain("Cipher is TLS_");
        String curve = Commands.sClientTo("127.0.0.2", pier.port(1), "", "-tls1_2");
        assertThat(curve).contains("Server Temp Key: ECDH, secp384r1").contains("Server public key is 2048 bit");
    }

    @Test void sessionsResumeFromTheCacheAndFromTickets() throws Exception {
        Path session = Files.createTempFile("pier-session", ".pem");
        try {
            // session IDs: tickets are off on this server, the shared cache is not
            String first = Commands.sClientTo("127.0.0.2", pier.port(1), "", "-tls1_2", "-sess_out", session.toString());
            assertThat(first).contains("New, TLSv1.2");
            String second = Commands.sClientTo("127.0.0.2", pier.port(1), "", "-tls1_2", "-sess_in", session.toString());
            assertThat(second).contains("Reused, TLSv1.2");
            // tickets with a key file (no session cache: nginx's default "none")
            first = Commands.sClientTo("127.0.0.3", pier.port(2), "", "-tls1_2", "-sess_out", session.toString());
            assertThat(first).contains("New, TLSv1.2");
            second = Commands.sClientTo("127.0.0.3", pier.port(2), "", "-tls1_2", "-sess_in", session.toString());
            assertThat(second).contains("Reused, TLSv1.2");
        } finally {
            Files.deleteIfExists(session);
        }
    }

    @Test void aResumedSessionShowsInTheVariable() throws Exception {
        Path session = Files.createTempFile("pier-session", ".pem");
        try {
            String request = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
            String first = Commands.sClientTo("127.0.0.3", pier.port(2), request, "-tls1_2", "-ign_eof", "-sess_out", session.toString());
            assertThat(first).contains("https on TLSv1.2 ");
            String second = Commands.sClientTo("127.0.0.3", pier.port(2), request, "-tls1_2", "-ign_eof", "-sess_in", session.toString());
            assertThat(second).contains("Reused, TLSv1.2").containsPattern("https on TLSv1\\.2 \\S+  r");
        } finally {
            Files.deleteIfExists(session);
        }
    }
}
