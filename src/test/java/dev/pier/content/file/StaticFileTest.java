package dev.pier.content.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.testing.PierTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Static files, methods, directory redirects and conditional requests; expectations are nginx 1.22's answers. */
class StaticFileTest {
    static final long MTIME = 1795428983L; // Mon, 23 Nov 2026 10:16:23 GMT
    static final String LM = "Mon, 23 Nov 2026 10:16:23 GMT";
    static final String ETAG = "\"6b041277-17\"";

    @RegisterExtension
    static final PierTestServer pier = PierTestServer.withConfig("""
            types { text/plain txt; text/html html; }
            default_type application/octet-stream;
            server {
                listen 127.0.0.1:0;
                location /ims/ { alias html/; if_modified_since before; }
                location /noetag/ { alias html/; etag off; }
                location ~ ^/img/(.+)$ { alias html/dir/$1; }
                location /al/ { alias html/dir/; }
                location = /aliasfile { alias html/a.txt; }
                location /idx/ { alias html/dir/; index nope.html $host.txt a.txt; }
            }
            """, prefix -> {
                Path html = prefix.resolve("html");
                Files.writeString(html.resolve("a.txt"), "hello world 0123456789\n");
                Files.setLastModifiedTime(html.resolve("a.txt"), FileTime.fromMillis(MTIME * 1000));
                Files.createDirectories(html.resolve("dir/sp ace"));
                Files.writeString(html.resolve("dir/a.txt"), "dir a");
                Files.writeString(html.resolve("dir/b.bin"), "bbb");
                Files.writeString(html.resolve("dir/c.txt"), "ccc");
                Files.createSymbolicLink(html.resolve("link.txt"), html.resolve("dir/c.txt"));
                Files.createSymbolicLink(html.resolve("linkdir"), html.resolve("dir"));
            });

    private static RawResponse get(String target, String... headers) {
        return request("GET", target, headers);
    }

    static RawResponse request(String method, String target, String... headers) {
        StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return RawResponse.parse(pier.raw(sb.append("\r\n").toString()));
    }

    @Test void fileWithNginxHeaders() {
        RawResponse r = get("/a.txt");
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(r.header("Content-Type")).isEqualTo("text/plain");
        assertThat(r.header("Content-Length")).isEqualTo("23");
        assertThat(r.header("Last-Modified")).isEqualTo(LM);
        assertThat(r.header("ETag")).isEqualTo(ETAG);
        assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(r.body()).isEqualTo("hello world 0123456789\n");
    }

    @Test void headersInNginxOrder() {
        RawResponse r = get("/a.txt");
        assertThat(r.headBlock().replaceAll("\r\n(Date|Connection|Keep-Alive): [^\r]*", ""))
                .matches("HTTP/1.1 200 OK\r\nServer: [^\r]+\r\nContent-Type: text/plain\r\nContent-Length: 23\r\n"
                        + "Last-Modified: " + LM + "\r\nETag: " + ETAG + "\r\nAccept-Ranges: bytes");
    }

    @Test void symlinksAreFollowed() {
        assertThat(get("/link.txt").body()).isEqualTo("ccc");
        assertThat(get("/linkdir/c.txt").body()).isEqualTo("ccc");
        assertThat(get("/linkdir").status()).isEqualTo(301);
    }

    @Test void defaultTypeForUnknownExtension() {
        assertThat(get("/al/b.bin").header("Content-Type")).isEqualTo("application/octet-stream");
    }

    @Test void typeComesFromTheUriNotTheFileName() {
        RawResponse r = get("/aliasfile");
        assertThat(r.body()).isEqualTo("hello world 0123456789\n");
        assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
    }

    @Test void headHasHeadersWithoutBody() {
        RawResponse r = request("HEAD", "/a.txt");
        assertThat(r.header("Content-Length")).isEqualTo("23");
        assertThat(r.body()).isEmpty();
    }

    @Test void methodsAsNginx() {
        assertThat(request("POST", "/a.txt").status()).isEqualTo(405);
        assertThat(request("POST", "/nope").status()).isEqualTo(404);
        assertThat(request("POST", "/dir").status()).isEqualTo(301);
        assertThat(request("POST", "/al/").status()).isEqualTo(403);
        assertThat(request("DELETE", "/al/").status()).isEqualTo(405);
        assertThat(request("DELETE", "/nope").status()).isEqualTo(405);
        assertThat(request("PUT", "/a.txt").status()).isEqualTo(405);
        assertThat(request("OPTIONS", "/a.txt").status()).isEqualTo(405);
    }

    @Test void directoryRedirectEscapesTheUriAndKeepsArgs() {
        RawResponse r = get("/al/sp%20ace?a=%20b");
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.header("Location")).isEqualTo("http://localhost:" + pier.port() + "/al/sp%20ace/?a=%20b");
    }

    @Test void notADirectoryIs404() {
        assertThat(get("/a.txt/x").status()).isEqualTo(404);
    }

    @Test void traversalAndEncodedNulAre400() {
        assertThat(get("/../a.txt").status()).isEqualTo(400);
        assertThat(get("/%2e%2e/a.txt").status()).isEqualTo(400);
        assertThat(get("/a%00.txt").status()).isEqualTo(400);
    }

    @Test void encodedSlashIsDecoded() {
        assertThat(get("/dir%2fa.txt").body()).isEqualTo("dir a");
    }

    @Test void aliasInRegexLocationWithCapture() {
        assertThat(get("/img/c.txt").body()).isEqualTo("ccc");
        assertThat(get("/img/sp%20ace").header("Location")).endsWith("/img/sp%20ace/");
    }

    @Test void indexTriesNamesWithVariablesInOrder() throws Exception {
        assertThat(get("/idx/").body()).isEqualTo("dir a");
        Files.writeString(pier.prefix().resolve("html/dir/localhost.txt"), "by host");
        assertThat(get("/idx/").body()).isEqualTo("by host");
    }

    @Test void ifNoneMatchGives304WithValidatorsOnly() {
        RawResponse r = get("/a.txt", "If-None-Match: W/" + ETAG);
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 304 Not Modified");
        assertThat(r.header("ETag")).isEqualTo(ETAG);
        assertThat(r.header("Last-Modified")).isEqualTo(LM);
        assertThat(r.header("Content-Type")).isNull();
        assertThat(r.header("Content-Length")).isNull();
        assertThat(r.header("Accept-Ranges")).isNull();
        assertThat(r.body()).isEmpty();
        assertThat(get("/a.txt", "If-None-Match: \"a\", " + ETAG).status()).isEqualTo(304);
        assertThat(get("/a.txt", "If-None-Match: \"a\"").status()).isEqualTo(200);
    }

    @Test void ifModifiedSinceExactByDefaultBeforeWhenConfigured() {
        assertThat(get("/a.txt", "If-Modified-Since: " + LM).status()).isEqualTo(304);
        assertThat(get("/a.txt", "If-Modified-Since: Mon, 23 Nov 2026 10:16:24 GMT").status()).isEqualTo(200);
        assertThat(get("/ims/a.txt", "If-Modified-Since: Mon, 23 Nov 2026 10:16:24 GMT").status()).isEqualTo(304);
        assertThat(get("/ims/a.txt", "If-Modified-Since: Mon, 23 Nov 2026 10:16:22 GMT").status()).isEqualTo(200);
    }

    @Test void failedPreconditionsAre412() {
        RawResponse r = get("/a.txt", "If-Match: \"zz\"");
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.body()).contains("<center><h1>412 Precondition Failed</h1></center>");
        assertThat(get("/a.txt", "If-Match: W/" + ETAG).status()).isEqualTo(412);
        assertThat(get("/a.txt", "If-Match: *").status()).isEqualTo(200);
        assertThat(get("/a.txt", "If-Unmodified-Since: Mon, 23 Nov 2026 10:16:22 GMT").status()).isEqualTo(412);
        assertThat(get("/a.txt", "If-Unmodified-Since: " + LM).status()).isEqualTo(200);
    }

    @Test void etagOff() {
        RawResponse r = get("/noetag/a.txt");
        assertThat(r.header("ETag")).isNull();
        assertThat(get("/noetag/a.txt", "If-None-Match: *").status()).isEqualTo(200);
    }
}
