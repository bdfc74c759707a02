package dev.pier.http.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class Http2SmokeTest {
    @RegisterExtension static final PierTestServer PIER = PierTestServer.withConfig("""
            server { listen 127.0.0.1:0 http2; location / { return 200 "hi $server_protocol $http2\\n"; } }
            """);

    @Test void answersOverH2c() {
        var a = Curl.h2("http://127.0.0.1:" + PIER.port() + "/x");
        assertThat(a.protocol()).isEqualTo("HTTP/2");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("hi HTTP/2.0 h2c\n");
        var b = Curl.h1("http://127.0.0.1:" + PIER.port() + "/x");
        assertThat(b.protocol()).isEqualTo("HTTP/1.1");
        assertThat(b.body()).isEqualTo("hi HTTP/1.1 \n");
    }
}
