package dev.pier.http.errorpage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** error_page in each of its forms, on each kind of error Pier answers, checked over real sockets. */
class ErrorPageTest {
    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            large_client_header_buffers 2 1k;
            client_max_body_size 10;
            error_page 503 /http503.html;
            server {
                listen 127.0.0.1:0;
                root html;
                error_page 400 /errors/400.html;
                error_page 414 =200 /echo;
                error_page 494 @bad;
                error_page 413 /errors/413.html;
                error_page 404 /errors/404.html;
                error_page 405 =200 /echo;
                location /errors/ { internal; }
                location = /echo { return 200 "echo $request_method $uri $args $status\\n"; }
                location @bad { return 200 "named $uri $status\\n"; }
                location @post { return 200 "named $request_method\\n"; }
                location /status/ { error_page 404 =410 /errors/404.html; }
                location /same/ { error_page 404 = /echo; }
                location /named/ { error_page 404 @post; }
                location /url/ { error_page 404 https://example.com/$uri; }
                location /url307/ { error_page 404 =307 http://example.com/; }
                location /args/ { error_page 404 /echo?from=$uri; }
                location /fixedargs/ { error_page 404 "/echo?a=1&b=2"; }
                location /ret/ { error_page 403 /errors/404.html; return 403; }
                location /rettext/ { error_page 403 /errors/404.html; return 403 "own text"; }
                location /loop/ { recursive_error_pages on; error_page 404 /loop/x; }
                location /once/ { error_page 404 /once2/; }
                location /once2/ { recursive_error_pages on; error_page 404 /errors/404.html; return 404; }
                location /recursive/ { recursive_error_pages on; error_page 404 /recursive2/; }
                location /recursive2/ { error_page 404 /errors/404.html; return 404; }
                location /replaced/ { error_page 500 /echo; }
                location /unknown/ { error_page 404 @none; }
                location = /r503 { return 503; }
                location = /r444 { error_page 444 /echo; return 444; }
                location = /r302 { error_page 302 = /echo; return 302 /target; }
            }
            server {
                listen 127.0.0.1:0;
                server_name other;
                location = /r503 { return 503; }
                location = /r404 { return 404; }
            }
            """, ErrorPageTest::files);

    private static void files(Path prefix) throws IOException {
        Files.createDirectories(prefix.resolve("html/errors"));
        Files.writeString(prefix.resolve("html/errors/404.html"), "custom 404\n");
        Files.writeString(prefix.resolve("html/errors/400.html"), "custom 400\n");
        Files.writeString(prefix.resolve("html/errors/413.html"), "custom 413\n");
        Files.writeString(prefix.resolve("html/http503.html"), "http 503\n");
        Files.writeString(prefix.resolve("html/file.txt"), "file\n");
    }

    @Test void uriPageKeepsTheErrorStatus() {
        HttpResponse<String> r = pier.get("/missing");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("custom 404\n");
        // the error status drops the page's Last-Modified and Accept-Ranges, as nginx's header filter
        assertThat(r.headers().firstValue("Last-Modified")).isEmpty();
        assertThat(r.headers().firstValue("Accept-Ranges")).isEmpty();
        assertThat(r.headers().firstValue("ETag")).isPresent();
    }

    @Test void anInternalLocationServesThePage() {
        assertThat(pier.get("/errors/404.html").body()).isEqualTo("custom 404\n");
    }

    @Test void equalsCodeChangesTheStatus() {
        HttpResponse<String> r = pier.get("/status/x");
        assertThat(r.statusCode()).isEqualTo(410);
        assertThat(r.body()).isEqualTo("custom 404\n");
    }

    @Test void bareEqualsTakesThePagesOwnStatus() {
        HttpResponse<String> r = pier.get("/same/x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("echo GET /echo  200\n");
    }

    @Test void namedLocationKeepsTheMethod() {
        HttpResponse<String> r = pier.send(pier.request("/named/x").POST(HttpRequest.BodyPublishers.ofString("ab")).build());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("named POST\n");
    }

    @Test void uriPageTurnsPostIntoGet() {
        HttpResponse<String> r = pier.send(pier.request("/file.txt").POST(HttpRequest.BodyPublishers.ofString("ab")).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("echo GET /echo  200\n");
    }

    @Test void headStaysHead() {
        HttpResponse<String> r = pier.send(pier.request("/same/x").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString("echo HEAD /echo  200\n".length()));
    }

    @Test void urlIsARedirect() {
        HttpResponse<String> r = pier.get("/url/x");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("https://example.com//url/x");
        HttpResponse<String> r307 = pier.get("/url307/x");
        assertThat(r307.statusCode()).isEqualTo(307);
        assertThat(r307.headers().firstValue("Location")).hasValue("http://example.com/");
    }

    @Test void argumentsOfThePageUri() {
        assertThat(pier.get("/args/x?orig=1").body()).isEqualTo("echo GET /echo from=/args/x 404\n");
        assertThat(pier.get("/fixedargs/x?orig=1").body()).isEqualTo("echo GET /echo a=1&b=2 404\n");
    }

    @Test void bareReturnGetsThePageButReturnWithTextDoesNot() {
        HttpResponse<String> r = pier.get("/ret/x");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("custom 404\n");
        assertThat(pier.get("/rettext/x").body()).isEqualTo("own text");
    }

    @Test void recursivePagesStopAtTheRedirectLimitWith500() {
        HttpResponse<String> r = pier.get("/loop/x");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("<title>500 Internal Server Error</title>");
        assertThat(r.headers().firstValue("Connection")).hasValue("close");
    }

    @Test void withoutRecursivePagesTheSecondErrorGetsTheBuiltInPage() {
        HttpResponse<String> r = pier.get("/once/x");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("<center><h1>404 Not Found</h1></center>");
    }

    @Test void withRecursivePagesTheSecondErrorGetsItsPage() {
        HttpResponse<String> r = pier.get("/recursive/x");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("custom 404\n");
    }

    @Test void aLevelWithItsOwnListReplacesTheInheritedOne() {
        assertThat(pier.get("/replaced/x").body()).contains("<h1>404 Not Found</h1>");
        // the http level's 503 page: replaced in the first server, inherited by the second
        assertThat(pier.get("/r503").body()).contains("<h1>503 Service Temporarily Unavailable</h1>");
        assertThat(other("/r503")).startsWith("HTTP/1.1 503 ").endsWith("\r\n\r\nhttp 503\n");
    }

    @Test void anUnknownNamedLocationIs500() {
        assertThat(pier.get("/unknown/x").statusCode()).isEqualTo(500);
    }

    @Test void keepAliveSurvivesA404Page() {
        String answer = pier.raw("GET /missing HTTP/1.1\r\nHost: a\r\n\r\nGET /echo HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(answer).contains("custom 404\n").contains("echo GET /echo  200\n");
    }

    @Test void badRequestLineGetsTheDefaultServersPageAndCloses() {
        String answer = pier.raw("GARBAGE\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n").endsWith("custom 400\n");
    }

    @Test void tooLongUriPageWithItsOwnStatus() {
        String answer = pier.raw("GET /" + "a".repeat(1100) + " HTTP/1.1\r\nHost: a\r\n\r\nGET /echo HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: close\r\n").endsWith("echo GET /echo  200\n");
    }

    @Test void headerTooLargeInANamedLocationHasTheRequestUri() {
        String answer = pier.raw("GET /some/where HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(1100) + "\r\n\r\n");
        // 494 pages are answered as 400 unless the directive says otherwise
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").endsWith("named /some/where 400\n");
    }

    @Test void missingHostGetsThePage() {
        String answer = pier.raw("GET / HTTP/1.1\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").endsWith("custom 400\n");
    }

    @Test void tooLargeBodyGetsThePage() {
        String answer = pier.raw("POST /file.txt HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n", 300);
        assertThat(answer).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n").contains("Connection: close\r\n")
                .endsWith("custom 413\n");
    }

    @Test void aRedirectsPageKeepsItsLocation() {
        HttpResponse<String> r = pier.get("/r302");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("echo GET /echo  200\n");
        assertThat(r.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + pier.port() + "/target");
    }

    @Test void closeGetsNoPage() {
        assertThat(pier.raw("GET /r444 HTTP/1.1\r\nHost: a\r\n\r\n")).isEmpty();
    }

    @Test void aServerWithoutPagesSendsTheBuiltInOne() {
        assertThat(other("/r404")).startsWith("HTTP/1.1 404 ").contains("<h1>404 Not Found</h1>");
    }

    /** The second server, which answers to Host "other" on the same address. */
    private static String other(String path) {
        return pier.raw("GET " + path + " HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n");
    }
}
