package dev.pier.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.NginxOracle;
import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** $upstream_* and $proxy_* variables, and proxy_intercept_errors with error_page. */
class ProxyVariablesTest {
    static final OriginServer a = OriginServer.start("va");
    static final OriginServer b = OriginServer.start("vb");
    static final int refused = NginxOracle.freePort();

    @RegisterExtension static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                add_header X-Up $upstream_addr always;
                add_header X-Status $upstream_status always;
                add_header X-Times "$upstream_connect_time|$upstream_header_time|$upstream_response_time" always;
                add_header X-Sizes "$upstream_response_length|$upstream_bytes_received|$upstream_bytes_sent" always;
                add_header X-Origin-Seen $upstream_http_x_origin always;
                add_header X-Cookie $upstream_cookie_sid always;
                add_header X-Proxy "$proxy_host|$proxy_port" always;
                location /a/ { proxy_pass http://%1$s/; }
                location /refused/ { proxy_pass http://127.0.0.1:%3$d/; }
                location /int/ {
                    proxy_intercept_errors on;
                    error_page 404 = /b/fallback;
                    proxy_pass http://%1$s/;
                }
                location /b/ { proxy_pass http://%2$s/; }
                location /passed/ { proxy_intercept_errors on; proxy_pass http://%1$s/; }
                location /noint/ { error_page 404 = /b/fallback; proxy_pass http://%1$s/; }
            }
            """.formatted(a.address(), b.address(), refused));

    @AfterAll static void stop() {
        a.close();
        b.close();
    }

    @Test void oneAttemptIsDescribed() {
        HttpResponse<String> r = pier.get("/a/respond?h=Set-Cookie:sid%3Dabc%3B%20Path%3D/&body=hello");
        assertThat(r.headers().firstValue("X-Up")).hasValue(a.address());
        assertThat(r.headers().firstValue("X-Status")).hasValue("200");
        assertThat(r.headers().firstValue("X-Origin-Seen")).hasValue("va");
        assertThat(r.headers().firstValue("X-Cookie")).hasValue("abc");
        assertThat(r.headers().firstValue("X-Proxy")).hasValue(a.address() + "|" + a.port());
        assertThat(r.headers().firstValue("X-Times").orElseThrow()).matches("\\d+\\.\\d{3}\\|\\d+\\.\\d{3}\\|-");
        String[] sizes = r.headers().firstValue("X-Sizes").orElseThrow().split("\\|");
        assertThat(Long.parseLong(sizes[1])).isGreaterThan(0);
        assertThat(Long.parseLong(sizes[2])).isGreaterThan(0);
    }

    @Test void aRefusedPeerIsListedWith502() {
        HttpResponse<String> r = pier.get("/refused/x");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("X-Up")).hasValue("127.0.0.1:" + refused);
        assertThat(r.headers().firstValue("X-Status")).hasValue("502");
    }

    @Test void interceptedErrorGoesToTheErrorPageAndTheAttemptsOfBothPassesAreListed() {
        HttpResponse<String> r = pier.get("/int/status/404");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"uri\":\"/fallback\"");
        assertThat(r.headers().firstValue("X-Origin")).hasValue("vb");
        assertThat(r.headers().firstValue("X-Up")).hasValue(a.address() + " : " + b.address());
        assertThat(r.headers().firstValue("X-Status")).hasValue("404 : 200");
    }

    @Test void anErrorNoErrorPageCoversIsPassedAsTheUpstreamSentIt() {
        HttpResponse<String> r = pier.get("/passed/status/500");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("status 500");
    }

    @Test void withoutInterceptErrorsTheUpstreamsErrorIsPassed() {
        HttpResponse<String> r = pier.get("/noint/status/404");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("status 404");
    }
}
