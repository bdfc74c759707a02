package dev.pier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Until TLS is implemented, a {@code listen ... ssl} socket is not opened (with a warning), never served in plain text. */
class SslListenTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server { listen 127.0.0.1:0; location / { return 200 "plain"; } }
            server { listen 127.0.0.2:0 ssl; location / { return 200 "should be tls"; } }
            """);

    @Test void onlyThePlainListenIsBound() {
        assertThat(pier.server().boundAddresses()).extracting(InetSocketAddress::getHostString).containsExactly("127.0.0.1");
        assertThat(pier.get("/").body()).isEqualTo("plain");
    }

    @Test void theLoadWarnsAboutTheSslListen() {
        assertThat(pier.server().config().warnings()).anyMatch(w -> w.startsWith("\"listen ... ssl\" is not supported yet: 127.0.0.2:0 is not opened in "));
    }
}
