package dev.pier.http.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.NginxOracle;
import dev.pier.testing.OriginServer;
import dev.pier.testing.PierTestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mirror} with real backends: the copy reaches its backend with the request's method, URI, headers and
 * body while the client's answer comes from the main location alone, whatever the copy's backend does
 * (hangs, refuses, answers 500); several mirrors make several copies; a subrequest mirrors nothing; the body
 * is read once and serves both; {@code mirror off} and inheritance; {@code log_subrequest}.
 */
class MirrorTest {
    static final OriginServer main = OriginServer.start("main");
    static final OriginServer copies = OriginServer.start("copies");
    static final int refused = NginxOracle.freePort();

    static final String CONFIG = """
            error_log logs/error.log info;
            log_format sub "$uri $status";
            server {
                listen 127.0.0.1:0;
                access_log logs/access.log sub;
                mirror /m;
                location = /m { internal; proxy_pass http://%2$s/copy$request_uri; }
                location = /twice { internal; proxy_pass http://%2$s/second$request_uri; }
                location = /hangs { internal; proxy_pass http://%2$s/hang; }
                location = /refused { internal; proxy_pass http://127.0.0.1:%3$d; }
                location = /fails { internal; return 500; }
                location = /logged { internal; log_subrequest on; return 204; }
                location = /nobody-copy {
                    internal;
                    proxy_pass_request_body off;
                    proxy_set_header Content-Length "";
                    proxy_pass http://%2$s/copy$request_uri;
                }
                location /main/ { proxy_pass http://%1$s; }
                location /static/ { return 200 "static answer\\n"; }
                location /two/ { mirror /m; mirror /twice; proxy_pass http://%1$s; }
                location /nobody/ {
                    mirror /nobody-copy;
                    mirror_request_body off;
                    proxy_pass http://%1$s;
                }
                location /off/ { mirror off; proxy_pass http://%1$s; }
                location /hang/ { mirror /hangs; proxy_pass http://%1$s/static/; }
                location /refused/ { mirror /refused; proxy_pass http://%1$s/static/; }
                location /fails/ { mirror /fails; proxy_pass http://%1$s/static/; }
                location /logged/ { mirror /logged; proxy_pass http://%1$s/static/; }
                location = /ws-copy {
                    internal;
                    proxy_http_version 1.1;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection upgrade;
                    proxy_pass http://%2$s/ws;
                }
                location /upgrade/ { mirror /ws-copy; proxy_pass http://%1$s/static/; }
                location /small/ { client_max_body_size 10; proxy_pass http://%1$s; }
            }
            """.formatted(main.address(), copies.address(), refused);

    static PierTestServer pier;

    @BeforeAll static void start() throws Exception {
        pier = PierTestServer.withConfig(CONFIG);
        pier.start();
    }

    @AfterAll static void stop() {
        pier.stop();
        main.close();
        copies.close();
    }

    @Test void theCopyCarriesMethodUriHeadersAndBody() throws Exception {
        String body = "x".repeat(5000);
        HttpResponse<String> r = pier.send(pier.request("/main/a?k=v").header("X-Trace", "t1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Origin")).hasValue("main");
        assertThat(r.body()).contains("\"uri\":\"/main/a?k=v\"").contains("\"bodyLength\":5000");
        OriginServer.Received copy = await(copies, c -> c.uri().equals("/copy/main/a?k=v"));
        assertThat(copy.method()).isEqualTo("POST");
        assertThat(copy.headers().get("X-Trace")).isEqualTo("t1");
        assertThat(copy.bodyLength()).isEqualTo(5000);
        assertThat(copy.bodyCrc()).isEqualTo(crc(body));
        // the main request got the same body, read once
        OriginServer.Received original = await(main, c -> c.uri().equals("/main/a?k=v"));
        assertThat(original.bodyCrc()).isEqualTo(crc(body));
    }

    @Test void aChunkedBodyIsReadWholeAndCopied() throws Exception {
        String answer = raw("POST /main/chunked HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"bodyLength\":7");
        OriginServer.Received copy = await(copies, c -> c.uri().equals("/copy/main/chunked"));
        assertThat(copy.bodyLength()).isEqualTo(7);
        assertThat(copy.bodyCrc()).isEqualTo(crc("abcdefg"));
    }

    @Test void twoMirrorsMakeTwoCopiesAndACopyIsNotMirroredAgain() throws Exception {
        assertThat(pier.get("/two/x").statusCode()).isEqualTo(200);
        await(copies, c -> c.uri().equals("/copy/two/x"));
        await(copies, c -> c.uri().equals("/second/two/x"));
        Thread.sleep(200);
        // the server-level "mirror /m" is inherited by location /m, but a subrequest mirrors nothing
        assertThat(copies.received().stream().filter(c -> c.uri().endsWith("/two/x")).count()).isEqualTo(2);
    }

    @Test void withoutTheBodyTheCopyGetsNoneAndTheMainRequestStillDoes() throws Exception {
        HttpResponse<String> r = pier.send(pier.request("/nobody/y").POST(HttpRequest.BodyPublishers.ofString("12345")).build());
        assertThat(r.body()).contains("\"bodyLength\":5");
        OriginServer.Received copy = await(copies, c -> c.uri().equals("/copy/nobody/y"));
        // the copy's location follows nginx's documented idiom: no body, no Content-Length
        assertThat(copy.bodyLength()).isZero();
        assertThat(copy.headers().contains("Content-Length")).isFalse();
    }

    @Test void mirrorOffStopsTheInheritedOne() throws Exception {
        assertThat(pier.get("/off/z").statusCode()).isEqualTo(200);
        await(main, c -> c.uri().equals("/off/z"));
        pier.get("/main/after-off");
        await(copies, c -> c.uri().equals("/copy/main/after-off"));
        assertThat(copies.received()).noneMatch(c -> c.uri().contains("/off/z"));
    }

    @Test void aHangingCopyDelaysNeitherTheAnswerNorTheNextRequestOnTheConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", pier.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("GET /hang/1 HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("\"uri\":\"/static/1\"");
            await(copies, c -> c.uri().equals("/hang"));
            // the copy's backend never answers; the connection serves the next request meanwhile
            out.write("GET /static/2 HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").endsWith("static answer\n");
        }
    }

    @Test void aRefusedOrFailingCopyChangesNothingForTheClient() throws Exception {
        HttpResponse<String> r = pier.get("/refused/1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Origin")).hasValue("main");
        r = pier.get("/fails/1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Origin")).hasValue("main");
        String line = errorLogLine("connect() failed (111: Connection refused) while connecting to upstream");
        assertThat(line).contains("[error]").contains("request: \"GET /refused/1 HTTP/1.1\", subrequest: \"/refused\", upstream: \"http://127.0.0.1:"
                + refused + "/refused\"");
    }

    @Test void aCopyAnsweredWithSwitchingProtocolsIsEndedNotTunnelled() throws Exception {
        String answer = raw("GET /upgrade/u HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"uri\":\"/static/u\"");
        assertThat(errorLogLine("connection upgrade in subrequest")).contains("[error]")
                .contains("request: \"GET /upgrade/u HTTP/1.1\", subrequest: \"/ws-copy\"");
    }

    @Test void copiesAreLoggedOnlyWithLogSubrequest() throws Exception {
        pier.get("/logged/1");
        pier.get("/refused/2");
        String log = "";
        for (int i = 0; i < 100 && !log.contains("/logged 204"); i++) {
            Thread.sleep(20);
            log = Files.readString(pier.prefix().resolve("logs/access.log"));
        }
        assertThat(log).contains("/logged/1 200\n").contains("/logged 204\n").contains("/refused/2 200\n")
                .doesNotContain("/refused 502");
    }

    @Test void aBodyPastTheLimitIsRefusedBeforeAnyCopy() throws Exception {
        String answer = raw("POST /small/big HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "20\r\n" + "y".repeat(32) + "\r\n0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 413");
        Thread.sleep(200);
        assertThat(copies.received()).noneMatch(c -> c.uri().contains("/small/big"));
    }

    // ---- helpers ----

    private static OriginServer.Received await(OriginServer origin, Predicate<OriginServer.Received> which) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            List<OriginServer.Received> seen = origin.received();
            for (OriginServer.Received r : seen) {
                if (which.test(r)) {
                    return r;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(origin.name() + " never received the request; it saw " + origin.received().stream()
                .map(OriginServer.Received::uri).toList());
    }

    private static long crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.ISO_8859_1));
        return c.getValue();
    }

    private static String raw(String request) { return pier.raw(request, 3000); }

    private static String errorLogLine(String message) {
        return pier.awaitLogLine("logs/error.log", l -> l.contains(message));
    }

    /** One response with Content-Length from a keep-alive connection. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed after " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.ISO_8859_1);
    }
}
