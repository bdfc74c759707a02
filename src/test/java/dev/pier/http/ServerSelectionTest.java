package dev.pier.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.NginxOracle;
import dev.pier.testing.PierTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which server a Host chooses among the servers of one address: each server returns its own name, and the
 * same table runs against Pier and, where it is installed, against nginx with the same configuration.
 */
class ServerSelectionTest {
    private static String config(String listen) {
        return """
                server { listen LISTEN; server_name _; return 200 "underscore"; }
                server { listen LISTEN default_server; server_name default.test; return 200 "default"; }
                server { listen LISTEN; server_name example.com www.example.com; return 200 "exact"; }
                server { listen LISTEN; server_name *.example.com; return 200 "star-example"; }
                server { listen LISTEN; server_name *.a.example.com; return 200 "star-a-example"; }
                server { listen LISTEN; server_name .example.org; return 200 "dot-org"; }
                server { listen LISTEN; server_name mail.*; return 200 "mail-star"; }
                server { listen LISTEN; server_name mail.example.*; return 200 "mail-example-star"; }
                server { listen LISTEN; server_name ~^(?<sub>[a-z]+)\\.regex\\.test$; return 200 "regex $sub"; }
                server { listen LISTEN; server_name ~^www\\.(.+)\\.net$; return 200 "regex2 $1"; }
                server { listen LISTEN; server_name "" empty.test; return 200 "empty"; }
                """.replace("LISTEN", listen);
    }

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig(config("127.0.0.1:0"));

    private static int nginxPort;
    private static NginxOracle nginx;

    @BeforeAll static void startNginx() throws Exception {
        if (NginxOracle.available()) {
            nginxPort = NginxOracle.freePort();
            nginx = NginxOracle.start(config("127.0.0.1:" + nginxPort), nginxPort);
        }
    }

    @AfterAll static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @ParameterizedTest(name = "Host {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "example.com              | exact",
        "WWW.Example.COM          | exact",
        "example.com:8080         | exact",
        "example.com.             | exact",
        "x.example.com            | star-example",
        "a.example.com            | star-example",
        "b.a.example.com          | star-a-example",
        "mail.example.com         | star-example",
        "example.org              | dot-org",
        "x.y.example.org          | dot-org",
        "mail.foo.com             | mail-star",
        "mail.example.net         | mail-example-star",
        "foo.regex.test           | regex foo",
        "FOO.regex.test           | regex foo",
        "www.site.net             | regex2 site",
        "_                        | underscore",
        "unknown.test             | default",
        "127.0.0.1                | default",
        "empty.test               | empty",
    })
    void hostChoosesTheServerNginxChooses(String host, String expected) {
        check("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.0 without Host   | GET / HTTP/1.0\\r\\n\\r\\n                                       | empty",
        "absolute URI wins       | GET http://example.com/ HTTP/1.1\\r\\nHost: other\\r\\nConnection: close\\r\\n\\r\\n | exact",
    })
    void requestsWithoutOrBesideHost(String name, String request, String expected) {
        check(request.replace("\\r\\n", "\r\n"), expected);
    }

    private static void check(String request, String expected) {
        assertThat(NginxOracle.body("127.0.0.1", pier.port(), request)).as("pier").isEqualTo(expected);
        if (nginx != null) {
            assertThat(NginxOracle.body("127.0.0.1", nginxPort, request)).as("nginx").isEqualTo(expected);
        }
    }
}
