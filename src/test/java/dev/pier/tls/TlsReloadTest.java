package dev.pier.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.Modules;
import dev.pier.http.HttpConfig;
import dev.pier.testing.PierTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reloads swap the SSL contexts for new connections; ticket key files keep sessions resumable across them; a server's key pairs can be replaced while running. */
class TlsReloadTest {
    static final TestPki PKI = TestPki.get();
    static final String DIR = PKI.file("").toString().replaceAll("/$", "");
    static final String CONFIG = """
            server {
                listen 127.0.0.1:0 ssl;
                ssl_certificate %1$s/CERT.crt;
                ssl_certificate_key %1$s/CERT.key;
                ssl_session_ticket_key %1$s/ticket.key;
                return 200 "ok\\n";
            }
            server {
                listen 127.0.0.2:0 ssl;
                ssl_certificate %1$s/site-rsa.crt;
                ssl_certificate_key %1$s/site-rsa.key;
                return 200 "ok\\n";
            }
            """.formatted(DIR);

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig(CONFIG.replace("CERT", "site-rsa"));

    private static void reload(String cert) throws Exception {
        Path conf = pier.prefix().resolve("conf/pier.conf");
        Files.writeString(conf, "error_log logs/error.log info;\nevents { }\nhttp {\n" + CONFIG.replace("CERT", cert) + "\n}\n");
        pier.server().reload(Modules.load(pier.prefix(), conf, null));
    }

    @Test void ticketsFromAKeyFileResumeAcrossAReloadAndOthersDoNot() throws Exception {
        Path withKey = Files.createTempFile("pier-session", ".pem");
        Path withoutKey = Files.createTempFile("pier-session", ".pem");
        try {
            assertThat(Commands.sClient(pier.port(0), "", "-tls1_2", "-sess_out", withKey.toString())).contains("New, TLSv1.2");
            assertThat(Commands.sClientTo("127.0.0.2", pier.port(1), "", "-tls1_2", "-sess_out", withoutKey.toString())).contains("New, TLSv1.2");
            assertThat(Commands.sClientTo("127.0.0.2", pier.port(1), "", "-tls1_2", "-sess_in", withoutKey.toString())).contains("Reused, TLSv1.2");
            reload("site-rsa");
            assertThat(Commands.sClient(pier.port(0), "", "-tls1_2", "-sess_in", withKey.toString())).contains("Reused, TLSv1.2");
            // a key OpenSSL made for the old context is gone with it, as in nginx
            assertThat(Commands.sClientTo("127.0.0.2", pier.port(1), "", "-tls1_2", "-sess_in", withoutKey.toString())).contains("New, TLSv1.2");
        } finally {
            Files.deleteIfExists(withKey);
            Files.deleteIfExists(withoutKey);
        }
    }

    @Test void aReloadWithAnotherCertificateServesItToNewConnections() throws Exception {
        assertThat(Commands.sClient(pier.port(0), "")).contains("subject=CN = a.test");
        reload("b");
        assertThat(Commands.sClient(pier.port(0), "")).contains("subject=CN = b.test");
        reload("site-rsa");
        assertThat(Commands.sClient(pier.port(0), "")).contains("subject=CN = a.test");
    }

    @Test void aServersKeyPairsCanBeReplacedWhileRunning() throws Exception {
        HttpConfig http = pier.server().config().part(HttpConfig.class);
        TlsServers tls = pier.server().config().part(TlsServers.class);
        ServerTls second = tls.of(http.servers().get(1));
        assertThat(Commands.sClientTo("127.0.0.2", pier.port(1), "")).contains("subject=CN = a.test");
        second.replaceKeyPairs(List.of(CertifiedKey.load(PKI.file("b.crt"), PKI.file("b.key"), List.of())));
        assertThat(Commands.sClientTo("127.0.0.2", pier.port(1), "")).contains("subject=CN = b.test");
        second.replaceKeyPairs(List.of(CertifiedKey.load(PKI.file("site-rsa.crt"), PKI.file("site-rsa.key"), List.of())));
    }
}
