package dev.pier.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ssl_stapling with ssl_stapling_file: the response made with openssl ocsp is stapled to clients that ask for one. */
class OcspStaplingTest {
    static final TestPki PKI = TestPki.get();

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            ssl_certificate %1$s/site-rsa.crt;
            ssl_certificate_key %1$s/site-rsa.key;
            server {
                listen 127.0.0.1:0 ssl;
                ssl_stapling on;
                ssl_stapling_file %1$s/ocsp.der;
                return 200 "stapled\\n";
            }
            server {
                listen 127.0.0.2:0 ssl;
                ssl_stapling_file %1$s/ocsp.der;
                return 200 "not stapled\\n";
            }
            """.formatted(PKI.file("").toString().replaceAll("/$", "")));

    @Test void theFilesResponseIsStapledWhenAsked() {
        String out = Commands.sClient(pier.port(0), "", "-status");
        assertThat(out).contains("OCSP Response Status: successful (0x0)").contains("Responder Id: CN = Pier Test CA")
                .contains("Cert Status: unknown");
        // TLS 1.2 carries it in its own handshake message
        assertThat(Commands.sClient(pier.port(0), "", "-status", "-tls1_2")).contains("OCSP Response Status: successful (0x0)");
    }

    @Test void withoutSslStaplingNothingIsStapled() {
        assertThat(Commands.sClientTo("127.0.0.2", pier.port(1), "", "-status")).contains("OCSP response: no response sent");
    }
}
