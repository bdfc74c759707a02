package dev.pier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The listen set as nginx builds it: a wildcard socket of a port covers the specific addresses of that port
 * (one socket, but servers listening on 127.0.0.1 still answer only there), default_server picks the
 * fallback of an address.
 */
class ListenSocketsTest {
    private static final int PORT = freePort();

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server { listen 127.0.0.1:%1$d; server_name a; return 200 "specific"; }
            server { listen %1$d; server_name b; return 200 "wildcard-first"; }
            server { listen %1$d default_server; server_name c; return 200 "wildcard-default"; }
            """.formatted(PORT));

    @Test void oneSocketForTheWildcardCoversTheSpecificAddress() {
        assertThat(pier.server().boundAddresses()).hasSize(1);
        assertThat(pier.server().boundAddresses().get(0).getAddress().isAnyLocalAddress()).isTrue();
    }

    @Test void connectionsToTheSpecificAddressUseItsServers() {
        assertThat(body("127.0.0.1", "b")).isEqualTo("specific");
    }

    @Test void otherAddressesUseTheWildcardServersAndTheirDefault() {
        assertThat(body("127.0.0.2", "b")).isEqualTo("wildcard-first");
        assertThat(body("127.0.0.2", "unknown")).isEqualTo("wildcard-default");
    }

    private static String body(String address, String host) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, PORT), 2000);
            s.setSoTimeout(2000);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return all.substring(all.indexOf("\r\n\r\n") + 4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
