package dev.pier.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            server {
                listen 127.0.0.1:0;
                server_name example.test;
                location = /ping { return 200 "pong"; }
                location /r { return 301 /elsewhere; }
            }
            """, prefix -> java.nio.file.Files.writeString(prefix.resolve("html/hello.txt"), "hello"));

    @Test void exactLocationReturnsText() {
        HttpResponse<String> r = pier.get("/ping");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("pong");
        assertThat(r.headers().firstValue("Server")).hasValue("pier/0.1.0");
    }

    @Test void staticFileIsServedFromDefaultRoot() {
        HttpResponse<String> r = pier.get("/hello.txt");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
        assertThat(r.headers().firstValue("Content-Length")).hasValue("5");
        assertThat(r.headers().firstValue("ETag")).isPresent();
    }

    @Test void missingFileIs404WithNginxPage() {
        HttpResponse<String> r = pier.get("/missing");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("<center><h1>404 Not Found</h1></center>").contains("pier/0.1.0");
    }

    @Test void relativeRedirectBecomesAbsolute() {
        HttpResponse<String> r = pier.get("/r");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + pier.port() + "/elsewhere");
    }

    @Test void pipelinedRequestsAnswerInOrder() {
        String out = pier.raw("GET /ping HTTP/1.1\r\nHost: a\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(out.indexOf("pong")).isLessThan(out.indexOf("hello"));
        assertThat(out).contains("Connection: close");
    }
}
