package dev.pier.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** proxy_pass end to end with a real backend: what the backend sees, what the client gets. */
class ProxyBasicsTest {
    static final OriginServer origin = OriginServer.start("o1");

    @RegisterExtension static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                location / { proxy_pass http://%1$s; }
                location /app/ { proxy_pass http://%1$s/backend/; }
                location /nobuf/ { proxy_buffering off; proxy_pass http://%1$s/; }
                location /h11/ { proxy_http_version 1.1; proxy_request_buffering off; proxy_pass http://%1$s/; }
                location /nobody/ { proxy_pass_request_body off; proxy_read_timeout 500ms; proxy_pass http://%1$s/; }
                location /method/ { proxy_method PUT; proxy_pass http://%1$s/; }
            }
            """.formatted(origin.address()));

    @AfterAll static void stop() { origin.close(); }

    @Test void getIsPassedWithNginxDefaultHeaders() {
        HttpResponse<String> r = pier.send(pier.request("/x/y?a=1").header("X-Test", "t").build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"uri\":\"/x/y?a=1\"").contains("\"version\":\"HTTP/1.0\"")
                .contains("[\"Host\",\"" + origin.address() + "\"],[\"Connection\",\"close\"]").contains("[\"X-Test\",\"t\"]");
        assertThat(r.headers().firstValue("X-Origin")).hasValue("o1");
        assertThat(r.headers().firstValue("Server")).hasValueSatisfying(s -> assertThat(s).startsWith("pier"));
    }

    @Test void uriPartReplacesTheLocationPrefix() {
        assertThat(pier.get("/app/one/two?q").body()).contains("\"uri\":\"/backend/one/two?q\"");
    }

    @Test void postBodyIsStreamedWithItsLength() {
        String body = "x".repeat(100_000);
        HttpResponse<String> r = pier.send(pier.request("/upload").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.body()).contains("\"bodyLength\":100000").contains("[\"Content-Length\",\"100000\"]");
    }

    @Test void chunkedBodyIsCollectedAndSentWithALengthToAnHttp10Upstream() {
        String response = pier.raw("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 3000);
        assertThat(response).startsWith("HTTP/1.1 200").contains("\"bodyLength\":11").contains("[\"Content-Length\",\"11\"]");
    }

    @Test void chunkedBodyStreamsChunkedToAnHttp11UpstreamWithoutRequestBuffering() {
        // the body follows the head later, so it is still being read when the upstream request is made
        String response = pier.rawInPieces(3000, 200,
                "POST /h11/c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n",
                "6\r\n world\r\n0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200").contains("\"bodyLength\":11").contains("[\"Transfer-Encoding\",\"chunked\"]")
                .contains("\"version\":\"HTTP/1.1\"");
    }

    @Test void aChunkedBodyReadWholeBeforeTheUpstreamRequestGoesWithItsLength() {
        // nginx decides when it makes the upstream request: the whole body came with the head
        String response = pier.raw("POST /h11/c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 3000);
        assertThat(response).startsWith("HTTP/1.1 200").contains("\"bodyLength\":11").contains("[\"Content-Length\",\"11\"]")
                .doesNotContain("Transfer-Encoding");
    }

    @Test void bodyIsNotPassedWhenProxyPassRequestBodyIsOff() {
        // as nginx: the length is still announced (proxy_set_header Content-Length "" is the cure), so a
        // backend that waits for the body times out
        HttpResponse<String> r = pier.send(pier.request("/nobody/x").POST(HttpRequest.BodyPublishers.ofString("abc")).build());
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(pier.get("/nobody/y").body()).contains("\"bodyLength\":0");
    }

    @Test void proxyMethodReplacesTheMethod() {
        assertThat(pier.get("/method/x").body()).contains("\"method\":\"PUT\"");
    }

    @Test void chunkedResponseIsChunkedForHttp11AndCloseDelimitedForHttp10() {
        String r11 = pier.raw("GET /chunked?n=3&size=4 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 3000);
        assertThat(r11).contains("Transfer-Encoding: chunked").contains("4\r\naaaa\r\n4\r\nbbbb\r\n4\r\ncccc\r\n0\r\n\r\n");
        String r10 = pier.raw("GET /chunked?n=3&size=4 HTTP/1.0\r\n\r\n", 3000);
        assertThat(r10).doesNotContain("Transfer-Encoding").contains("Connection: close").endsWith("\r\n\r\naaaabbbbcccc");
    }

    @Test void trailersOfTheUpstreamArePassedToAChunkedAnswer() {
        // nginx 1.22 drops them; Pier passes on what a trailer may carry
        String r = pier.raw("GET /chunked?n=1&size=3&trailer=1 HTTP/1.1\r\nHost: a\r\nTE: trailers\r\nConnection: close\r\n\r\n", 3000);
        assertThat(r).contains("3\r\naaa\r\n0\r\nX-Checksum: ").endsWith("\r\n\r\n");
        // an HTTP/1.0 client's answer is not chunked: no place for them
        String r10 = pier.raw("GET /chunked?n=1&size=3&trailer=1 HTTP/1.0\r\n\r\n", 3000);
        assertThat(r10).doesNotContain("X-Checksum").endsWith("\r\n\r\naaa");
    }

    @Test void trailersOfAChunkedRequestBodyArePassedExceptForbiddenOnes() {
        // the body follows the head later, so it streams chunked (a body read whole goes with a length, no trailers)
        String r = pier.rawInPieces(3000, 200,
                "POST /h11/t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n",
                "0\r\nX-Digest: sha-256=abc\r\nContent-Length: 99\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200");
        var seen = origin.received().stream().filter(x -> x.uri().equals("/t")).reduce((a, b) -> b).orElseThrow();
        assertThat(seen.trailers().get("X-Digest")).isEqualTo("sha-256=abc");
        assertThat(seen.trailers().contains("Content-Length")).isFalse();
    }

    @Test void headGetsTheHeadOnly() {
        String r = pier.raw("HEAD /big/1000 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 3000);
        assertThat(r).startsWith("HTTP/1.1 200").contains("Content-Length: 1000").endsWith("\r\n\r\n");
    }

    @Test void http10UpstreamResponseEndsWithItsClose() {
        HttpResponse<String> r = pier.get("/http10");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("http/1.0 body");
    }

    @Test void statusAndReasonAndHeadersOfTheUpstreamArePassed() {
        String r = pier.raw("GET /respond?status=418&h=X-A:1&h=Date:yesterday&h=X-Accel-Buffering:no&body=tea HTTP/1.0\r\n\r\n", 3000);
        assertThat(r).startsWith("HTTP/1.1 418 Client Error (418)").contains("X-A: 1").doesNotContain("yesterday")
                .doesNotContain("X-Accel").endsWith("tea");
    }

    @Test void expectContinueIsAnsweredByPierAndNotForwarded() {
        String r = pier.raw("POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc", 3000);
        assertThat(r).startsWith("HTTP/1.1 100 Continue").contains("\"bodyLength\":3").doesNotContain("[\"Expect\"");
    }
}
