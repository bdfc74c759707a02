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
 * The listen address narrows the servers a Host is looked up among: a server listening on 127.0.0.2 never
 * answers a connection to 127.0.0.1, and a specific address beside a wildcard one on the same port takes
 * the connections made to it (nginx binds the wildcard only and looks the local address up).
 */
class AddressSelectionTest {
    private static final int[] PIER_PORTS = {NginxOracle.freePort(), NginxOracle.freePort()};
    private static final int[] NGINX_PORTS = {NginxOracle.freePort(), NginxOracle.freePort()};

    private static String config(int[] ports) {
        return """
                server { listen 127.0.0.1:P1; server_name a; return 200 "one-a"; }
                server { listen 127.0.0.2:P1; server_name a; return 200 "two-a"; }
                server { listen 127.0.0.2:P1; server_name b; return 200 "two-b"; }
                server { listen P2; return 200 "wildcard"; }
                server { listen 127.0.0.2:P2; return 200 "specific-2"; }
                """.replace("P1", Integer.toString(ports[0])).replace("P2", Integer.toString(ports[1]));
    }

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig(config(PIER_PORTS));

    private static NginxOracle nginx;

    @BeforeAll static void startNginx() throws Exception {
        if (NginxOracle.available()) {
            nginx = NginxOracle.start(config(NGINX_PORTS), NGINX_PORTS[1]);
        }
    }

    @AfterAll static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @ParameterizedTest(name = "{0} port #{1} Host {2} -> {3}")
    @CsvSource({
        "127.0.0.1, 0, a, one-a",
        "127.0.0.1, 0, b, one-a",
        "127.0.0.2, 0, a, two-a",
        "127.0.0.2, 0, b, two-b",
        "127.0.0.2, 0, c, two-a",
        "127.0.0.1, 1, x, wildcard",
        "127.0.0.2, 1, x, specific-2",
    })
    void addressThenHost(String address, int port, String host, String expected) {
        String request = "GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
        assertThat(NginxOracle.body(address, PIER_PORTS[port], request)).as("pier").isEqualTo(expected);
        if (nginx != null) {
            assertThat(NginxOracle.body(address, NGINX_PORTS[port], request)).as("nginx").isEqualTo(expected);
        }
    }
}
