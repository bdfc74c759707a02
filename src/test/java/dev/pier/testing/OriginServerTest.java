package dev.pier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test backend behaves as its paths promise, seen from a plain client. */
class OriginServerTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static OriginServer origin;

    @BeforeAll static void start() { origin = OriginServer.start("o1"); }

    @AfterAll static void stop() { origin.close(); }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + origin.address() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test void echoesWhatArrived() throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + origin.address() + "/a?b=1"))
                .header("X-Test", "v").POST(HttpRequest.BodyPublishers.ofString("12345")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Origin")).contains("o1");
        assertThat(r.body()).contains("\"method\":\"POST\"", "\"uri\":\"/a?b=1\"", "[\"X-Test\",\"v\"]", "\"bodyLength\":5");
    }

    @Test void statusChunkedAndBig() throws Exception {
        assertThat(get("/status/503").statusCode()).isEqualTo(503);
        assertThat(get("/chunked?n=3&size=4").body()).isEqualTo("aaaabbbbcccc");
        assertThat(get("/big/100000").body()).hasSize(100000);
        assertThat(get("/respond?status=201&h=X-A:1&body=made").body()).isEqualTo("made");
    }

    /** The paths that answer bytes of their own (not through the HTTP encoder) send them, then close. */
    @Test void rawAnswers() throws Exception {
        assertThat(raw("/http10")).startsWith("HTTP/1.0 200 OK\r\n").endsWith("\r\n\r\nhttp/1.0 body");
        assertThat(raw("/short")).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(50));
        assertThat(raw("/garbage")).isEqualTo("this is not http\r\n\r\n");
    }

    private static String raw(String path) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", origin.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: o\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test void websocketEchoes() throws Exception {
        CompletableFuture<String> got = new CompletableFuture<>();
        WebSocket ws = CLIENT.newWebSocketBuilder().buildAsync(URI.create("ws://" + origin.address() + "/ws"), new WebSocket.Listener() {
            @Override public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                got.complete(data.toString());
                return null;
            }
        }).get(5, TimeUnit.SECONDS);
        ws.sendText("hello", true);
        assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }
}
