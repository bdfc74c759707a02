package dev.pier.http.realip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.core.ErrorLog;
import dev.pier.core.LogLevel;
import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * realip on a running Pier: the replaced address is what access and error logs name, for that request only;
 * host names resolved at load; {@code unix:} alone trusts no TCP peer; the PROXY protocol as the source.
 */
class RealIpTest {
    @RegisterExtension static final PierTestServer pier = PierTestServer.withConfig("""
            log_format ra "$remote_addr $remote_port $realip_remote_addr";
            server {
                listen 127.0.0.1:0;
                server_name logs.test;
                root html;
                access_log logs/access.log ra;
                set_real_ip_from localhost;
                real_ip_header X-Forwarded-For;
                location / { }
                location = /ret { return 200 "ra=$remote_addr rp=[$remote_port] rra=$realip_remote_addr rrp=$realip_remote_port\\n"; }
            }
            server {
                listen 127.0.0.1:0;
                server_name unix.test;
                set_real_ip_from unix:;
                real_ip_header X-Forwarded-For;
                location / { return 200 "ra=$remote_addr\\n"; }
            }
            server {
                listen 127.0.0.2:0 proxy_protocol;
                set_real_ip_from 127.0.0.0/8;
                real_ip_header proxy_protocol;
                location / { return 200 "ra=$remote_addr rp=$remote_port\\n"; }
            }
            """);

    private static Path errors;

    @BeforeAll static void logToAFile() throws IOException {
        errors = pier.prefix().resolve("logs/error.log");
        ErrorLog.install(errors, LogLevel.INFO);
    }

    @AfterAll static void logToStderrAgain() throws IOException {
        ErrorLog.install(null, LogLevel.ERROR);
    }

    private static String fileWith(Path file, String expected) throws IOException, InterruptedException {
        String text = "";
        for (int i = 0; i < 150; i++) {
            text = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
            if (text.contains(expected)) {
                return text;
            }
            Thread.sleep(20);
        }
        return text;
    }

    @Test void variablesOfAReplacedAddress() {
        String r = pier.raw("GET /ret HTTP/1.0\r\nHost: logs.test\r\nX-Forwarded-For: [2001:db8::9]:4433\r\n\r\n", 5000);
        assertThat(r).containsPattern("ra=2001:db8::9 rp=\\[4433\\] rra=127\\.0\\.0\\.1 rrp=\\d+\n");
    }

    @Test void logsNameTheRealAddressForThatRequestOnly() throws Exception {
        String r = pier.raw("GET /missing-one HTTP/1.1\r\nHost: logs.test\r\nX-Forwarded-For: 203.0.113.7\r\n\r\n"
                + "GET /missing-two HTTP/1.1\r\nHost: logs.test\r\nConnection: close\r\n\r\n", 5000);
        assertThat(r).contains("404 Not Found");
        String errorLog = fileWith(errors, "missing-two");
        assertThat(errorLog).containsPattern("missing-one\" failed \\(2: No such file or directory\\), client: 203\\.0\\.113\\.7, server: logs\\.test");
        assertThat(errorLog).containsPattern("missing-two\" failed \\(2: No such file or directory\\), client: 127\\.0\\.0\\.1, server: logs\\.test");
        String access = fileWith(pier.prefix().resolve("logs/access.log"), "\n127.0.0.1 ");
        assertThat(access).containsPattern("(?m)^203\\.0\\.113\\.7  127\\.0\\.0\\.1$");
        assertThat(access).containsPattern("(?m)^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1$");
    }

    @Test void unixAloneTrustsNoTcpPeer() {
        assertThat(pier.raw("GET / HTTP/1.0\r\nHost: unix.test\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n", 5000)).contains("ra=127.0.0.1");
    }

    @Test void theProxyProtocolAddressAndPort() throws Exception {
        try (var s = new java.net.Socket("127.0.0.2", pier.port(1))) {
            s.getOutputStream().write("PROXY TCP4 198.51.100.1 127.0.0.2 50000 80\r\nGET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(3000);
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(r).contains("ra=198.51.100.1 rp=50000");
        }
    }
}
